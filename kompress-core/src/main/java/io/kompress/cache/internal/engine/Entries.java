package io.kompress.cache.internal.engine;

import io.kompress.cache.internal.near.Stamps;
import io.kompress.cache.internal.topology.CallEvents;
import io.kompress.cache.internal.topology.FieldRead;
import io.kompress.cache.internal.topology.Topology;
import io.kompress.cache.internal.topology.WriteAnnouncement;
import io.kompress.cache.internal.util.Log;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * The storage format of read-through entries. The value is the plain model JSON in its own field, readable by
 * anything (the Python package included); an entry with a TTL also has a sibling field
 * {@code kompress:exp:<field>} holding its expiry as epoch milliseconds and, after a colon, a {@link Fingerprint}
 * of the value it belongs to ({@code 1767225600000:3f786850e387550f}). The expiry applies only to that value: a
 * value written by anyone else (another client, the Python package, {@code redis-cli}) does not match, so it is
 * treated as that writer's, with no Kompress expiry. An expiry field without a fingerprint (written by Kompress
 * before 0.1) applies to whatever value is there. One {@code HMGET} reads both, one
 * pipelined write stores both, so expiry costs no extra round trip and behaves the same on every Redis version.
 * On servers with per-field expiry ({@code HPEXPIRE}, Redis 7.4+, detected at start-up, or on the first expiring
 * write when the primary cannot be reached then) both
 * fields are also given a server-side TTL so that the server reclaims them; on older servers the hash is handed to
 * the {@link ExpirySweeper}, which removes them once expired.
 */
public final class Entries {

    /** Prefix of the field that holds an entry's expiry. */
    public static final String EXPIRY_PREFIX = "kompress:exp:";

    private static final byte[] EXPIRY_PREFIX_BYTES = EXPIRY_PREFIX.getBytes(StandardCharsets.UTF_8);
    private static final int UNKNOWN = 0;
    private static final int SUPPORTED = 1;
    private static final int UNSUPPORTED = 2;

    /**
     * How long an eviction's tombstone guards the field: a read-through that missed before the eviction and
     * finishes loading within this time cannot write its (possibly older) value back over it.
     */
    static final long TOMBSTONE_MILLIS = 10 * 60 * 1000;

    /**
     * Wraps a script body so that it announces the write: it publishes {@code b<stamp>} on
     * {@code kompress:w:<key>} before, and {@code e<stamp>|<length>:<field>...} (the fields the body put in
     * {@code touched}) after, with every command between run through {@code pcall} so that the end is always
     * published (an error is returned after it). A user whose ACL forbids publishing on the channel writes without
     * announcing: near caches then take the write for anyone's and drop the whole key. ARGV[1] is the stamp; the
     * body's own arguments follow. See {@code WriteAttribution} for how near caches tell these writes from every
     * other.
     */
    static byte[] announced(String... body) {
        return String.join("\n",
            "local ch = '" + WriteAnnouncement.CHANNEL_PREFIX + "' .. KEYS[1]",
            "local b = redis.pcall('publish', ch, 'b' .. ARGV[1])",
            "local announce = type(b) ~= 'table'",
            "local touched = {}",
            "local ok, res = pcall(function()",
            String.join("\n", body),
            "end)",
            "if announce then",
            "  local out = {'e', ARGV[1], '|'}",
            "  for _, f in ipairs(touched) do out[#out + 1] = #f .. ':' .. f end",
            "  redis.call('publish', ch, table.concat(out))",
            "end",
            "if not ok then return redis.error_reply(type(res) == 'table' and res.err or tostring(res)) end",
            "return res").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Stores an entry. ARGV: stamp, field, value, expiry field, expiry text ({@code ''}: none), server TTL in ms
     * ({@code 0}: none). Returns what HSET returned. A value without expiry drops any expiry field an older write
     * gave the entry.
     */
    private static final byte[] WRITE = announced(
        "touched[1] = ARGV[2]",
        "if ARGV[5] == '' then",
        "  local n = redis.call('hset', KEYS[1], ARGV[2], ARGV[3])",
        "  redis.call('hdel', KEYS[1], ARGV[4])",
        "  return n",
        "end",
        "local n = redis.call('hset', KEYS[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])",
        "if ARGV[6] ~= '0' then redis.call('hpexpire', KEYS[1], ARGV[6], 'FIELDS', 2, ARGV[2], ARGV[4]) end",
        "return n");

    /**
     * Stores the value only if the expiry field still holds what the caller's read saw ({@code ''} for absent),
     * so that a write-back never lands over an eviction (or a newer write) that came after the read. ARGV: stamp,
     * field, value, expiry field, new expiry text ({@code ''}: none), seen expiry text, server TTL in ms ({@code 0}:
     * none). Returns -1 when refused, else what HSET returned. A value stored without an expiry keeps an expiry
     * field that does not apply to it (an eviction's tombstone, or another value's expiry): deleting it would put
     * the field back in the state a reader that missed before that eviction saw ({@code ''}), and that reader's
     * older value would then pass the check. Only an expiry field that would apply to the new value (its
     * fingerprint, or none in the older digits-only form) is deleted.
     */
    private static final byte[] WRITE_IF_UNCHANGED = announced(
        "if (redis.call('hget', KEYS[1], ARGV[4]) or '') ~= ARGV[6] then return -1 end",
        "touched[1] = ARGV[2]",
        "if ARGV[5] == '' then",
        "  local n = redis.call('hset', KEYS[1], ARGV[2], ARGV[3])",
        "  local fp = string.match(ARGV[6], ':(%x+)$')",
        "  if ARGV[6] ~= '' and (not fp or string.sub(redis.sha1hex(ARGV[3]), 1, #fp) == fp) then",
        "    redis.call('hdel', KEYS[1], ARGV[4])",
        "  end",
        "  return n",
        "end",
        "local n = redis.call('hset', KEYS[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])",
        "if ARGV[7] ~= '0' then redis.call('hpexpire', KEYS[1], ARGV[7], 'FIELDS', 2, ARGV[2], ARGV[4]) end",
        "return n");

    /**
     * Deletes entries, leaving a tombstone in each expiry field. ARGV: stamp, server TTL of the tombstones in ms
     * ({@code 0}: none), then per entry: value field, expiry field, tombstone text. Returns how many value fields
     * existed.
     */
    private static final byte[] DELETE = announced(
        "local deleted = 0",
        "for i = 3, #ARGV, 3 do",
        "  touched[#touched + 1] = ARGV[i]",
        "  deleted = deleted + redis.call('hdel', KEYS[1], ARGV[i])",
        "  redis.call('hset', KEYS[1], ARGV[i + 1], ARGV[i + 2])",
        "  if ARGV[2] ~= '0' then redis.call('hpexpire', KEYS[1], ARGV[2], 'FIELDS', 1, ARGV[i + 1]) end",
        "end",
        "return deleted");
    private static final byte[] EMPTY = new byte[0];

    /** What an entry's two fields held; {@code expiry} is the expiry field's text as read, or null. */
    record Raw(byte[] value, long expiresAt, byte[] expiry) {
        /** Expiry when the expiry field is missing. */
        static final long NEVER = 0;
        /** Expiry when the expiry field holds something other than a number. */
        static final long UNREADABLE = -1;
    }

    private final Topology topology;
    private final Stamps stamps;
    private final ExpirySweeper sweeper;
    private final Clock clock;
    private volatile int nativeExpiry = UNKNOWN;

    /**
     * Entries on {@code topology}; an expiring entry written where the server cannot expire fields is handed to
     * {@code sweeper}, which removes it once expired.
     */
    Entries(Topology topology, ExpirySweeper sweeper, Clock clock, Stamps stamps) {
        this.stamps = stamps;
        this.topology = topology;
        this.sweeper = sweeper;
        this.clock = clock;
    }

    /** A stamp for a write whose announcement this instance does not follow (see {@link Stamps}). */
    String nextStamp() {
        return stamps.next();
    }

    /** The stamps of this instance's writes. */
    Stamps stamps() {
        return stamps;
    }

    static byte[] expiryField(byte[] field) {
        byte[] out = new byte[EXPIRY_PREFIX_BYTES.length + field.length];
        System.arraycopy(EXPIRY_PREFIX_BYTES, 0, out, 0, EXPIRY_PREFIX_BYTES.length);
        System.arraycopy(field, 0, out, EXPIRY_PREFIX_BYTES.length, field.length);
        return out;
    }

    /** The value field an expiry field belongs to: the inverse of {@link #expiryField}. */
    static byte[] valueField(byte[] expiryField) {
        byte[] out = new byte[expiryField.length - EXPIRY_PREFIX_BYTES.length];
        System.arraycopy(expiryField, EXPIRY_PREFIX_BYTES.length, out, 0, out.length);
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads an entry from a replica (failing over to the primary), or from the primary only. */
    Raw read(String key, String field, boolean primaryOnly) {
        byte[] k = utf8(key);
        byte[] f = utf8(field);
        byte[] e = expiryField(f);
        FieldRead read = new FieldRead(k, f, e);
        List<byte[]> both = primaryOnly ? topology.readPrimary("HMGET", key, read) : topology.read("HMGET", key, read);
        return raw(both.get(0), both.get(1));
    }

    /**
     * Reads many entries of one hash in one {@code HMGET} from a replica (failing over to the primary), or from the
     * primary only.
     */
    List<Raw> readMany(String key, List<String> fields, boolean primaryOnly) {
        byte[] k = utf8(key);
        byte[][] args = new byte[fields.size() * 2][];
        for (int i = 0; i < fields.size(); i++) {
            args[2 * i] = utf8(fields.get(i));
            args[2 * i + 1] = expiryField(args[2 * i]);
        }
        FieldRead read = new FieldRead(k, args);
        List<byte[]> all = primaryOnly ? topology.readPrimary("HMGET", key, read) : topology.read("HMGET", key, read);
        List<Raw> out = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            out.add(raw(all.get(2 * i), all.get(2 * i + 1)));
        }
        return out;
    }

    private static Raw raw(byte[] value, byte[] expiry) {
        long expiresAt = parseExpiry(expiry);
        if (expiresAt > 0 && value != null && !boundTo(expiry, value)) {
            expiresAt = Raw.NEVER; // another writer's value: its expiry, if any, is not ours to apply
        }
        return new Raw(value, expiresAt, expiry);
    }

    /** One write-back of a batch: see {@link #writeIfUnchanged}. */
    record Write(String field, byte[] value, long expiresAt, long keepMillis, long staleMillis, byte[] seen) {
    }

    /**
     * Stores many read-through entries of one hash on the primary, each unless its expiry field changed since the
     * read, in one pipelined round trip; each write is its own announced script, all with {@code stamp}.
     *
     * @return for each write, whether it was stored (false: its entry changed in between)
     */
    boolean[] writeManyIfUnchanged(String key, List<Write> writes, String stamp) {
        byte[] k = utf8(key);
        byte[] st = utf8(stamp);
        return topology.write("HSET", key, true, r -> {
            boolean anyExpiring = writes.stream().anyMatch(w -> w.expiresAt != Raw.NEVER);
            boolean expire = anyExpiring && supportsFieldExpiry(r);
            List<Response<Object>> results = new ArrayList<>(writes.size());
            try (AbstractPipeline p = r.pipelined()) {
                for (Write w : writes) {
                    byte[] f = utf8(w.field);
                    boolean expires = w.expiresAt != Raw.NEVER;
                    results.add(p.eval(WRITE_IF_UNCHANGED, List.of(k), List.of(st, f, w.value, expiryField(f),
                        expires ? expiryText(w.expiresAt, w.value) : EMPTY, w.seen == null ? EMPTY : w.seen,
                        utf8(expires && expire ? Long.toString(w.keepMillis) : "0"))));
                }
                p.sync();
            }
            if (anyExpiring && !expire) {
                sweeper.track(key, writes.stream().mapToLong(Write::staleMillis).max().orElse(0));
            }
            boolean[] stored = new boolean[results.size()];
            for (int i = 0; i < stored.length; i++) {
                stored[i] = !(results.get(i).get() instanceof Long l && l < 0);
            }
            return stored;
        });
    }

    /** The expiry field's text for an entry expiring at {@code expiresAt} holding {@code value}. */
    static byte[] expiryText(long expiresAt, byte[] value) {
        byte[] millis = utf8(Long.toString(expiresAt));
        byte[] out = new byte[millis.length + 1 + Fingerprint.HEX_LENGTH];
        System.arraycopy(millis, 0, out, 0, millis.length);
        out[millis.length] = ':';
        System.arraycopy(Fingerprint.of(value), 0, out, millis.length + 1, Fingerprint.HEX_LENGTH);
        return out;
    }

    /** The expiry in an expiry field's text (epoch ms, optionally {@code :fingerprint}), NEVER or UNREADABLE. */
    static long parseExpiry(byte[] b) {
        if (b == null) {
            return Raw.NEVER;
        }
        int end = colon(b);
        if (end == 0 || end > 18) {
            return Raw.UNREADABLE;
        }
        long v = 0;
        for (int i = 0; i < end; i++) {
            byte c = b[i];
            if (c < '0' || c > '9') {
                return Raw.UNREADABLE;
            }
            v = v * 10 + (c - '0');
        }
        return v == 0 ? Raw.UNREADABLE : v;
    }

    /** Whether an expiry field applies to {@code value}: its fingerprint matches, or it has none (older format). */
    static boolean boundTo(byte[] expiry, byte[] value) {
        int colon = colon(expiry);
        return colon == expiry.length || Fingerprint.matches(value, expiry, colon + 1);
    }

    private static int colon(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == ':') {
                return i;
            }
        }
        return b.length;
    }

    /**
     * Stores an entry on the primary.
     *
     * @param expiresAt  epoch milliseconds, or {@link Raw#NEVER}
     * @param keepMillis how long the server should keep the fields when it can expire them (the TTL plus any
     *                   stale window); ignored for entries that never expire
     * @param staleMillis the stale window after {@code expiresAt}, during which the sweep keeps the entry on
     *                    servers that cannot expire fields
     * @return what {@code HSET} returned: the number of fields created (value, and expiry field if any)
     */
    long write(String key, String field, byte[] value, long expiresAt, long keepMillis, long staleMillis,
               String stamp) {
        byte[] k = utf8(key);
        byte[] f = utf8(field);
        byte[] e = expiryField(f);
        return topology.write("HSET", key, true, r -> {
            boolean expire = expiresAt != Raw.NEVER && supportsFieldExpiry(r);
            Object n = r.eval(WRITE, List.of(k), List.of(utf8(stamp), f, value, e,
                expiresAt == Raw.NEVER ? EMPTY : expiryText(expiresAt, value),
                utf8(expire ? Long.toString(keepMillis) : "0")));
            if (expiresAt != Raw.NEVER && !expire) {
                sweeper.track(key, staleMillis);
            }
            return n instanceof Long l ? l : 0L;
        });
    }

    /**
     * Stores a read-through entry on the primary unless its expiry field changed since the read that missed
     * (an eviction leaves a tombstone there, a newer write its own expiry), in one round trip.
     *
     * @param w     the value, its expiry, and the expiry field's text the read saw ({@code seen}, null when none)
     * @param stamp the write's stamp, announced with it
     * @return false when the write was refused because the entry changed in between
     */
    boolean writeIfUnchanged(String key, Write w, String stamp) {
        return writeManyIfUnchanged(key, List.of(w), stamp)[0]; // one script in one round trip, as a batch of one
    }

    /**
     * Deletes entries and leaves a tombstone in each expiry field, so that a read-through that missed before
     * this delete cannot write its value back after it ({@link #writeIfUnchanged}); the tombstone expires after
     * {@link #TOMBSTONE_MILLIS} (by the server on 7.4+, else by the sweep). Returns how many value fields existed.
     */
    long delete(String key, String stamp, String... fields) {
        byte[] k = utf8(key);
        long until = clock.millis() + TOMBSTONE_MILLIS;
        return topology.write("HDEL", key, true, r -> {
            boolean expire = supportsFieldExpiry(r);
            List<byte[]> args = new ArrayList<>(2 + 3 * fields.length);
            args.add(utf8(stamp));
            args.add(utf8(expire ? Long.toString(TOMBSTONE_MILLIS) : "0"));
            for (String field : fields) {
                byte[] f = utf8(field);
                args.add(f);
                args.add(expiryField(f));
                args.add(tombstone(until));
            }
            Object deleted = r.eval(DELETE, List.of(k), args);
            if (!expire) {
                sweeper.track(key, 0);
            }
            return deleted instanceof Long l ? l : 0L;
        });
    }

    /** An expiry text that expires at {@code until} and whose fingerprint matches no value: unique per delete. */
    private static byte[] tombstone(long until) {
        byte[] random = new byte[Fingerprint.HEX_LENGTH / 2];
        ThreadLocalRandom.current().nextBytes(random);
        StringBuilder text = new StringBuilder().append(until).append(':');
        for (byte b : random) {
            text.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return utf8(text.toString());
    }

    /** Whether the server has {@code HPEXPIRE}; asked once, with {@code COMMAND INFO}. */
    private boolean supportsFieldExpiry(UnifiedJedis r) {
        int known = nativeExpiry;
        if (known == UNKNOWN) {
            Object info = r.sendCommand(Protocol.Command.COMMAND, "INFO", "HPEXPIRE");
            boolean has = info instanceof List<?> l && !l.isEmpty() && l.get(0) != null;
            known = has ? SUPPORTED : UNSUPPORTED;
            nativeExpiry = known;
            Log.LOG.info(has ? "Redis has per-field expiry (HPEXPIRE): expired entries are removed by the server"
                : "Redis has no per-field expiry (HPEXPIRE needs 7.4+): expired entries read as misses and stay "
                + "in the hash until they are overwritten");
        }
        return known == SUPPORTED;
    }

    /**
     * Asks the primary whether it has per-field expiry, so that the start-up log says which expiry mode applies.
     * A primary that cannot be reached now is asked again on the first expiring write.
     */
    void detectFieldExpiry() {
        try {
            topology.readPrimary(CallEvents.PROBE, "kompress", this::supportsFieldExpiry);
        } catch (RuntimeException e) { // unreachable, or the cache was closed at once
            Log.LOG.debug("Per-field expiry not detected at start-up ({}); asking on the first expiring write",
                e.getMessage());
        }
    }

    /** Whether the server was found to have per-field expiry; {@code null} before it was asked. */
    Boolean nativeExpiry() {
        int known = nativeExpiry;
        return known == UNKNOWN ? null : known == SUPPORTED;
    }
}
