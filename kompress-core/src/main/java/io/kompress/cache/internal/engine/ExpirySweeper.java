package io.kompress.cache.internal.engine;

import io.kompress.cache.errors.KompressCacheException;
import io.kompress.cache.internal.near.Stamps;
import io.kompress.cache.internal.time.Scheduler;
import io.kompress.cache.internal.time.TimeSource;
import io.kompress.cache.internal.topology.Topology;
import io.kompress.cache.internal.util.Log;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ObjLongConsumer;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Removes expired read-through entries from hashes on servers that cannot expire hash fields themselves
 * (Redis before 7.4): without it, a cache of per-request or per-session ids would grow without bound, since an
 * expired field only reads as a miss until something overwrites it.
 *
 * <p>Every hash this cache wrote an expiring entry to is remembered (up to {@value #MAX_TRACKED} hashes), with
 * the longest stale window it was written with. Every {@code interval} each one is walked on its primary with
 * {@code HSCAN ... MATCH kompress:exp:*} in pages of {@value #PAGE} fields; the entries whose expiry plus stale
 * window has passed are removed by a compare-and-delete script that deletes the value and expiry fields only if
 * the expiry field still holds what the scan saw, so a fresh write in between is never removed, and that leaves a
 * value another client wrote over an expiring entry in place (its fingerprint does not match), removing only the
 * orphaned expiry field.
 *
 * <p>The sweep yields to traffic: after each page it pauses {@value #YIELD_FACTOR} times as long as the page's
 * commands took (at least {@value #MIN_PAUSE_MILLIS} ms, at most {@value #MAX_PAUSE_MILLIS} ms), so it spends at
 * most a tenth of its time talking to the primary, and slows down by itself when the primary is busy and its
 * round trips grow. A hash found without any expiry field is forgotten until written again.
 */
final class ExpirySweeper implements AutoCloseable {

    static final int MAX_TRACKED = 10_000;
    static final int PAGE = 20;
    static final long MIN_PAUSE_MILLIS = 2;
    static final long MAX_PAUSE_MILLIS = 500;
    static final int YIELD_FACTOR = 9;

    /**
     * For each (expiry field, text seen, value field): if the expiry field still holds what the scan saw, the
     * entry is removed, unless the value is another writer's (the fingerprint after the colon does not match
     * it), in which case only the orphaned expiry field goes. Returns the number of entries removed.
     */
    private static final byte[] COMPARE_AND_DELETE = Entries.announced(
        "local removed = 0",
        "for i = 2, #ARGV, 3 do",
        "  if redis.call('hget', KEYS[1], ARGV[i]) == ARGV[i + 1] then",
        "    local fp = string.match(ARGV[i + 1], ':(%x+)$')",
        "    local v = redis.call('hget', KEYS[1], ARGV[i + 2])",
        "    touched[#touched + 1] = ARGV[i + 2]",
        "    if fp and v and string.sub(redis.sha1hex(v), 1, #fp) ~= fp then",
        "      redis.call('hdel', KEYS[1], ARGV[i])",
        "    else",
        "      removed = removed + redis.call('hdel', KEYS[1], ARGV[i + 2])",
        "      redis.call('hdel', KEYS[1], ARGV[i])",
        "    end",
        "  end",
        "end",
        "return removed");
    private static final ScanParams EXPIRY_FIELDS = new ScanParams().match(Entries.EXPIRY_PREFIX + "*").count(PAGE);

    private final Topology topology;
    private final Stamps stamps;
    private final TimeSource time;
    private final long intervalNanos;
    private final ObjLongConsumer<String> onSwept;
    private final Scheduler scheduler;
    private final ConcurrentHashMap<String, Long> graceByKey = new ConcurrentHashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean fullWarned = new AtomicBoolean();

    /**
     * A sweeper; it starts with the first tracked hash.
     *
     * @param interval how often every tracked hash is walked; zero disables the sweeper
     * @param onSwept  told how many entries were removed from which hash
     */
    ExpirySweeper(Topology topology, TimeSource time, Duration interval, ObjLongConsumer<String> onSwept,
                  Stamps stamps) {
        this.stamps = stamps;
        this.topology = topology;
        this.time = time;
        this.intervalNanos = interval.toNanos();
        this.onSwept = onSwept;
        this.scheduler = time.newScheduler("kompress-expiry-sweep");
    }

    /** Remembers that {@code key} holds an entry that expires, served stale for up to {@code graceMillis}. */
    void track(String key, long graceMillis) {
        if (intervalNanos == 0) {
            return;
        }
        Long known = graceByKey.get(key);
        if (known != null && known >= graceMillis) {
            return;
        }
        if (known == null && graceByKey.size() >= MAX_TRACKED) {
            if (fullWarned.compareAndSet(false, true)) {
                Log.LOG.warn("Expired entries are swept from the first {} hashes only; others keep expired fields "
                    + "until overwritten (Redis 7.4+ expires fields itself)", MAX_TRACKED);
            }
            return;
        }
        graceByKey.merge(key, graceMillis, Math::max);
        if (started.compareAndSet(false, true)) {
            scheduler.schedule(this::sweepAll, intervalNanos);
        }
    }

    /** Walks every tracked hash once, page by page, then waits for the next interval. */
    private void sweepAll() {
        Iterator<Map.Entry<String, Long>> keys = new ArrayList<>(graceByKey.entrySet()).iterator();
        nextKey(keys);
    }

    private void nextKey(Iterator<Map.Entry<String, Long>> keys) {
        if (!keys.hasNext()) {
            scheduler.schedule(this::sweepAll, intervalNanos);
            return;
        }
        Map.Entry<String, Long> e = keys.next();
        page(keys, e.getKey(), e.getValue(), ScanParams.SCAN_POINTER_START, false);
    }

    /** One HSCAN page of one hash, then the next page (or hash) after a pause. */
    private void page(Iterator<Map.Entry<String, Long>> keys, String key, long graceMs, String cursor,
                      boolean sawExpiry) {
        String next;
        boolean saw = sawExpiry;
        long started = time.nanoTime();
        try {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            ScanResult<Map.Entry<byte[], byte[]>> result = topology.readPrimary("HSCAN", key,
                r -> r.hscan(k, cursor.getBytes(StandardCharsets.UTF_8), EXPIRY_FIELDS));
            List<byte[]> args = new ArrayList<>();
            args.add(stamps.next().getBytes(StandardCharsets.UTF_8));
            long deadline = time.clock().millis() - graceMs;
            for (Map.Entry<byte[], byte[]> field : result.getResult()) {
                saw = true;
                long expiresAt = Entries.parseExpiry(field.getValue());
                if (expiresAt > 0 && expiresAt <= deadline) {
                    byte[] expiryField = field.getKey();
                    args.add(expiryField);
                    args.add(field.getValue());
                    args.add(Entries.valueField(expiryField));
                }
            }
            if (args.size() > 1) {
                Object removed = topology.write("EVAL", key, true,
                    r -> r.eval(COMPARE_AND_DELETE, List.of(k), args));
                long n = removed instanceof Long l ? l : 0;
                if (n > 0) {
                    onSwept.accept(key, n);
                }
            }
            next = result.getCursor();
        } catch (KompressCacheException e) {
            Log.LOG.debug("Expiry sweep of {} stopped for this round: {}", key, e.getMessage());
            next = ScanParams.SCAN_POINTER_START;
            saw = true; // unknown: keep the hash tracked
        }
        long pause = pauseNanos(time.nanoTime() - started);
        if (ScanParams.SCAN_POINTER_START.equals(next)) {
            if (!saw) {
                graceByKey.remove(key, graceMs);
            }
            scheduler.schedule(() -> nextKey(keys), pause);
        } else {
            String c = next;
            boolean s = saw;
            scheduler.schedule(() -> page(keys, key, graceMs, c, s), pause);
        }
    }

    /** The pause after a page whose commands took {@code pageNanos}: the sweep's share of time stays at a tenth. */
    static long pauseNanos(long pageNanos) {
        long min = MIN_PAUSE_MILLIS * 1_000_000;
        long max = MAX_PAUSE_MILLIS * 1_000_000;
        if (pageNanos >= max / YIELD_FACTOR) {
            return max;
        }
        return Math.max(min, pageNanos * YIELD_FACTOR);
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
