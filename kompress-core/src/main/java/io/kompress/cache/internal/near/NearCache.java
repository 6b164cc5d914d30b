package io.kompress.cache.internal.near;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.kompress.cache.CacheModel;
import io.kompress.cache.CachePolicy;
import io.kompress.cache.config.NearCacheOptions;
import io.kompress.cache.internal.util.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Entries read from Redis, kept in memory until Redis reports a change of their field or of their whole hash key.
 *
 * <p>Coherence rests on three counters. A flush (any way the invalidation stream may have missed a report, or
 * {@link #clear()}) increments the <em>epoch</em>; an invalidation of a whole hash key increments its <em>stripe</em>
 * (one of {@value #STRIPES}, chosen by the key's hash); an invalidation of one field takes the next number of a
 * sequence and writes it into the field's stripe (one of {@value #FIELD_STRIPES}). A read that may fill the cache
 * first {@link #capture}s the epoch, the key's stripe and the sequence, then asks whether every node that may serve
 * it reports the key, then reads Redis. The entry it stores carries the captured epoch and key stripe and is served
 * only while both are unchanged; it is stored only if its field's stripe holds no number above the captured sequence,
 * and checked again after it is stored (a field invalidation writes the stripe before it removes the entry), so an
 * invalidation or flush that arrives between the read and the store, or after it, always wins: an entry can be
 * dropped too often (stripes are shared), never kept too long. Entries are also dropped at their Redis expiry, and
 * served only for the {@link CacheModel} they were validated against.
 *
 * <p>This instance's own writes are tracked by {@link OwnWrites}: the field is dropped before the write is sent,
 * a value the write stored may be kept once it landed ({@link #putOwn}), and a node's report of applying it does
 * not drop that value.
 */
public final class NearCache {

    /** What {@link #get} returns when nothing usable is held. */
    public static final Object MISS = new Object();

    static final int STRIPES = 4096;
    static final int FIELD_STRIPES = 16384;
    private static final Object NULL = new Object();
    /** Estimated bytes of an entry beside its JSON: key object, entry, Caffeine node, index. */
    private static final int OVERHEAD = 160;

    /** What a filling read captured before it read Redis. */
    public record Token(long epoch, long generation, long sequence) {
    }

    /** A thread's reusable lookup key, so that a hit allocates nothing. */
    private static final ThreadLocal<Probe> PROBES = ThreadLocal.withInitial(Probe::new);

    /**
     * A field of a hash key and what its value was read for: the model it was validated against and the policy
     * (expiry, refresh-ahead) it was kept under. {@link #invalidate(String, int)} hands these back for the dropped
     * entries that were hit since they were kept, so that a refill can read them again.
     */
    public record Held(String field, CacheModel<?> model, CachePolicy policy, int credit) {
        /** What a lookup's read keeps: no credit until its first hit. */
        public Held(String field, CacheModel<?> model, CachePolicy policy) {
            this(field, model, policy, 0);
        }
    }

    /**
     * The credit a hit gives an entry: how many invalidation reports may drop it and have it read back without a hit
     * in between. Each write is reported by the primary and by every replica, so one write alone costs several.
     */
    static final int HOT = 8;

    /**
     * A kept value, what it was validated against, and the counters its read captured; also the key it is stored
     * under (hash key and field), so that a hit reads one object where a separate key object would make two. A map
     * keeps the first key object when a value is replaced, so after a second fill of a field the map's key is the
     * first entry: it is then released (its value dropped, see {@link #removed}) and serves only as a key.
     */
    private static final class Entry extends NearKey {
        private final String key;
        private final String field;
        private final int hash;
        private final Held held;
        /** {@code held.model()}, here so that a hit reads one object less. */
        private final CacheModel<?> model;
        /** The value, {@link #NULL} for a cached null; null once superseded and kept only as the map's key. */
        private Object value;
        private final long expiresAt;
        private final long epoch;
        private final long generation;
        private final int weight;
        /**
         * Refills left: {@link #HOT} after a hit, one less per refill without a hit, 0 for a value no one has hit
         * since it was read. Written only when it changes, so that hits do not contend on it.
         */
        private volatile int credit;

        Entry(String key, Held held, Object value, long expiresAt, Token token, int weight) {
            this.key = key;
            this.field = held.field();
            this.hash = hash(key, field.hashCode());
            this.held = held;
            this.model = held.model();
            this.value = value;
            this.expiresAt = expiresAt;
            this.epoch = token.epoch;
            this.generation = token.generation;
            this.weight = weight;
            this.credit = held.credit();
        }

        @Override
        String hashKey() {
            return key;
        }

        @Override
        int hash() {
            return hash;
        }

        @Override
        String fieldText() {
            return field;
        }
    }

    private final Cache<NearKey, Entry> store;
    private final ConcurrentHashMap<String, Set<NearKey>> byHashKey = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();
    private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLongArray fieldStripes = new AtomicLongArray(FIELD_STRIPES);
    private final Predicate<String> tracked;
    private final Stamps stamps;
    private final OwnWrites own;
    private final LongSupplier clock;
    private final LongAdder flushes = new LongAdder();
    private volatile boolean used;

    /**
     * A near cache.
     *
     * @param options its bound
     * @param tracked    whether every node that may serve a read of a key reports its changes now (see
     *                   {@code Topology.tracks})
     * @param stamps     the stamps of this instance's writes
     * @param fieldReaders how many nodes report writes per field now
     * @param holdMillis the longest a lookup of a field this instance wrote reads the primary while some node has
     *                   not reported applying the write
     * @param clock      the configured clock's epoch milliseconds, for that bound and for entries that expire
     */
    public NearCache(NearCacheOptions options, Predicate<String> tracked, Stamps stamps, IntSupplier fieldReaders,
                     long holdMillis, LongSupplier clock) {
        this.tracked = tracked;
        this.clock = clock;
        this.stamps = stamps;
        this.own = new OwnWrites(fieldReaders, holdMillis);
        this.store = Caffeine.newBuilder()
            .maximumWeight(options.maxBytes())
            .<NearKey, Entry>weigher((k, e) -> e.weight)
            .removalListener(this::removed)
            .executor(Runnable::run)
            .build();
    }

    private static int stripe(String key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }

    private static int fieldStripe(String key, String field) {
        int h = NearKey.hash(key, field.hashCode());
        h ^= h >>> 16;
        return (h * 0x9E3779B9 >>> 8) & (FIELD_STRIPES - 1);
    }

    /**
     * The value held for an entry, if it is still valid for {@code model} now. The clock is read only for an entry
     * that expires, so a hit of one that does not (no TTL) costs a map lookup and three counter reads.
     *
     * @return the value (possibly {@code null}, a cached null), or {@link #MISS}
     */
    public Object get(String key, String field, CacheModel<?> model) {
        return get(PROBES.get().of(key, field), model);
    }

    /**
     * The value held for an entry whose field is the decimal text of {@code field} (as {@code Long.toString}
     * writes it), looked up without building that text.
     *
     * @return the value (possibly {@code null}, a cached null), or {@link #MISS}
     */
    public Object get(String key, long field, CacheModel<?> model) {
        return get(PROBES.get().of(key, field), model);
    }

    private Object get(Probe k, CacheModel<?> model) {
        Entry e = store.getIfPresent(k);
        if (e == null) {
            return MISS;
        }
        if (e.epoch != epoch.get() || e.generation != stripes.get(stripe(k.hashKey()))
            || e.expiresAt != Long.MAX_VALUE && clock.getAsLong() >= e.expiresAt) {
            store.asMap().remove(k, e);
            return MISS;
        }
        if (e.model != model) {
            return MISS; // validated against another model: the caller's own read decides
        }
        Object v = e.value;
        if (v == null) {
            return MISS; // superseded this instant by another fill of the field: that fill is read next time
        }
        if (e.credit != HOT) {
            e.credit = HOT;
        }
        return v == NULL ? null : v;
    }

    /**
     * Captures the counters before a read that may fill the cache.
     *
     * @return the token, or null when some node that may serve the read does not report changes of {@code key} yet
     */
    public Token capture(String key) {
        if (!used) {
            used = true;
        }
        Token t = new Token(epoch.get(), stripes.get(stripe(key)), sequence.get());
        return tracked.test(key) ? t : null;
    }

    /**
     * Whether nothing dropped {@code key}'s entries since {@code token} was captured: no invalidation of its stripe
     * and no flush.
     */
    private boolean current(Token token, String key) {
        return token.epoch == epoch.get() && token.generation == stripes.get(stripe(key));
    }

    /**
     * Keeps a value read after {@code token} was captured, unless the key or the field was invalidated or the
     * cache flushed since.
     *
     * @param expiresAt   epoch milliseconds after which the value must not be served
     * @param jsonBytes   the size of its JSON, for the memory estimate
     * @param fromPrimary whether the value was read from the primary: a value read elsewhere is not kept while
     *                    this instance's write of the field may not have reached every node
     * @return false when nothing was kept
     */
    public boolean put(Token token, String key, Held held, Object value, long expiresAt, int jsonBytes,
                       boolean fromPrimary) {
        if (!fromPrimary && own.pending(key, held.field(), clock.getAsLong())) {
            return false;
        }
        return store(token, key, held, value, expiresAt, jsonBytes);
    }

    /**
     * Keeps the value this instance's write {@code stamp} stored, once Redis has it, unless anything but the
     * nodes' reports of that write dropped the field or key since {@code token} was captured (after the write
     * {@linkplain #writing started}), or another write of the field by this instance was in flight meanwhile.
     *
     * @return false when nothing was kept
     */
    public boolean putOwn(Token token, String key, Held held, Object value, long expiresAt, int jsonBytes,
                          String stamp) {
        return own.mayKeep(key, held.field(), stamp) && store(token, key, held, value, expiresAt, jsonBytes);
    }

    private boolean store(Token token, String key, Held held, Object value, long expiresAt, int jsonBytes) {
        String field = held.field();
        int fs = fieldStripe(key, field);
        if (!current(token, key) || fieldStripes.get(fs) > token.sequence) {
            return false;
        }
        long estimate = 2L * jsonBytes + 2L * (key.length() + field.length()) + OVERHEAD;
        int weight = (int) Math.min(Integer.MAX_VALUE, estimate);
        Entry e = new Entry(key, held, value == null ? NULL : value, expiresAt, token, weight);
        byHashKey.computeIfAbsent(key, x -> ConcurrentHashMap.newKeySet()).add(e);
        store.put(e, e);
        if (fieldStripes.get(fs) > token.sequence) { // a field invalidation that ran while it was being stored
            store.asMap().remove(e, e);
            return false;
        }
        return true;
    }

    /**
     * This instance is about to write {@code fields} of {@code key} with {@code stamp}: their entries go now, so
     * that the caller reads its own write, and until every node has reported applying it they are read from the
     * primary. Call {@link #written} when the write returns, and capture the token for {@link #putOwn} after this.
     */
    public void writing(String key, List<String> fields, String stamp) {
        long now = clock.getAsLong();
        for (String f : fields) {
            own.started(key, f, stamp, now);
            dropField(key, f);
        }
    }

    /**
     * This instance's write {@code stamp} of {@code fields} returned.
     *
     * @param announced false when Redis refused it: nothing was written and no node will report it
     */
    public void written(String key, List<String> fields, String stamp, boolean announced) {
        for (String f : fields) {
            own.finished(key, f, stamp, announced);
        }
    }

    /** Whether a lookup of {@code field} must read the primary: see {@link OwnWrites}. */
    public boolean primaryOnly(String key, String field) {
        return own.pending(key, field, clock.getAsLong());
    }

    /** The stamps of this instance's writes. */
    public Stamps stamps() {
        return stamps;
    }

    /**
     * {@code node} reported applying the write {@code stamp}, made through Kompress, of {@code fields} of
     * {@code key}: their entries are served no more, unless it is this instance's latest write of a field, whose
     * kept value is that write's.
     *
     * @param hotLimit at most how many dropped entries with credit left to return
     * @return those entries, each with one credit less, which a refill may read back in one round trip
     */
    public List<Held> fieldsWritten(String node, String key, String stamp, List<String> fields, int hotLimit) {
        boolean mine = stamps.own(stamp);
        List<Held> hot = List.of();
        for (String f : fields) {
            if (mine && own.reported(node, key, f, stamp)) {
                continue;
            }
            Entry e = dropField(key, f);
            if (e != null && hotLimit > 0 && e.credit > 0 && e.epoch == epoch.get() && hot.size() < hotLimit) {
                if (hot.isEmpty()) {
                    hot = new ArrayList<>();
                }
                hot.add(new Held(e.held.field(), e.held.model(), e.held.policy(), e.credit - 1));
            }
        }
        return hot;
    }

    /** Drops one field's entry, after marking its stripe so that a fill in flight is refused. */
    private Entry dropField(String key, String field) {
        long s = sequence.incrementAndGet();
        fieldStripes.accumulateAndGet(fieldStripe(key, field), s, Math::max);
        NearKey k = new Probe().of(key, field);
        Entry e = store.asMap().remove(k);
        Set<NearKey> held = byHashKey.get(key);
        if (held != null) {
            held.remove(k);
        }
        return e;
    }

    /**
     * Redis reported a change of {@code key}: no entry of it is served again.
     *
     * @param hotLimit at most how many of the dropped entries with credit left (hit recently: see {@link #HOT}) to
     *                 return
     * @return those entries, each with one credit less, which a refill may read back in one round trip
     */
    public List<Held> invalidate(String key, int hotLimit) {
        stripes.incrementAndGet(stripe(key));
        Set<NearKey> held = byHashKey.remove(key);
        if (held == null) {
            return List.of();
        }
        List<Held> hot = new ArrayList<>(Math.min(held.size(), hotLimit));
        long now = epoch.get();
        for (NearKey k : held) {
            if (hot.size() >= hotLimit) {
                break;
            }
            Entry e = store.policy().getIfPresentQuietly(k);
            if (e != null && e.credit > 0 && e.epoch == now) {
                hot.add(new Held(e.held.field(), e.held.model(), e.held.policy(), e.credit - 1));
            }
        }
        store.invalidateAll(held);
        return hot;
    }

    /**
     * Nothing held can be trusted any more: drops every entry.
     *
     * @param reason why, for the log
     */
    public void flush(String reason) {
        epoch.incrementAndGet();
        boolean had = store.estimatedSize() > 0;
        store.invalidateAll();
        byHashKey.clear();
        flushes.increment();
        if (had) {
            Log.LOG.info("Near cache flushed: {}", reason);
        }
    }

    /** Drops every entry, at a user's request. */
    public void clear() {
        flush("cleared");
    }

    private void removed(NearKey k, Entry e, RemovalCause cause) {
        if (cause == RemovalCause.REPLACED) {
            if (e != null) {
                e.value = null; // superseded; when it is also the map's key it stays, as a key only, without its value
            }
            return;
        }
        if (k != null) {
            Set<NearKey> held = byHashKey.get(k.hashKey());
            if (held != null) {
                held.remove(k);
            }
        }
    }

    /** Whether any read asked to fill the near cache yet: before that, flushes are not worth reporting. */
    public boolean inUse() {
        return used;
    }

    /** Runs Caffeine's pending maintenance (evictions) now, for tests. */
    void cleanUp() {
        store.cleanUp();
    }

    /**
     * For tests: whether the map's key object for {@code key}/{@code field} holds no value but the one served, that
     * is, a superseded entry kept as the map's key was released.
     */
    boolean keyHoldsNoStaleValue(String key, String field) {
        NearKey probe = new Probe().of(key, field);
        for (Map.Entry<NearKey, Entry> m : store.asMap().entrySet()) {
            if (m.getKey().equals(probe)) {
                return m.getKey() == m.getValue() || ((Entry) m.getKey()).value == null;
            }
        }
        return false;
    }

    /** Entries held now (estimate). */
    public long entries() {
        return store.estimatedSize();
    }

    /** The estimated bytes held now. */
    public long bytes() {
        return store.policy().eviction().map(ev -> ev.weightedSize().orElse(0)).orElse(0L);
    }

    /** Flushes so far. */
    public long flushes() {
        return flushes.sum();
    }
}
