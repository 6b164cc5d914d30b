package io.kompress.cache.internal.near;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * This instance's writes that some node serving reads may not have applied yet, per field.
 *
 * <p>While a field has one, a lookup of it reads the primary (which has applied the write once it returned), and
 * a value read from any other node is not kept: so a caller never reads back the value its own write replaced.
 * A field's record ends once every node with a live field stream has reported applying the latest write, or at
 * its deadline (the near cache's documented staleness bound), whichever is first.
 *
 * <p>It also says whether a value this instance wrote may be kept in its own near cache: only when no other write
 * of the same field by this instance was in flight at the same time (the primary may have applied the two in
 * either order). A record is only read and changed inside the map's atomic {@code compute} calls, which call
 * nothing outside this class.
 */
final class OwnWrites {

    /** Records beyond which {@link #started} first drops the expired ones. */
    private static final int SWEEP_AT = 4096;

    private static final class Pending {
        /** How many nodes reported per field when the latest write started: those must report it. */
        private int expected;
        private int inFlight;
        private boolean conflicted;
        private String latest;
        private long deadline;
        private final Set<String> reported = new HashSet<>();
    }

    private record Field(String key, String field) {
    }

    private final ConcurrentHashMap<Field, Pending> pending = new ConcurrentHashMap<>();
    private final IntSupplier readers;
    private final long holdMillis;

    /**
     * Records of this instance's writes.
     *
     * @param readers    how many nodes report writes per field now (each of those live when a write starts must
     *                   report it before its record ends)
     * @param holdMillis the longest a record is kept without every report
     */
    OwnWrites(IntSupplier readers, long holdMillis) {
        this.readers = readers;
        this.holdMillis = holdMillis;
    }

    /** A write of {@code field} with {@code stamp} is about to be sent. */
    void started(String key, String field, String stamp, long nowMillis) {
        int expected = readers.getAsInt();
        if (pending.size() >= SWEEP_AT) {
            for (Field f : pending.keySet()) {
                pending.computeIfPresent(f, (k, p) -> expired(p, nowMillis) ? null : p);
            }
        }
        pending.compute(new Field(key, field), (f, p) -> {
            Pending next = p == null ? new Pending() : p;
            next.conflicted |= next.inFlight > 0;
            next.inFlight++;
            next.latest = stamp;
            next.expected = expected;
            next.reported.clear();
            next.deadline = nowMillis + holdMillis;
            return next;
        });
    }

    /**
     * The write with {@code stamp} returned.
     *
     * @param announced false when Redis refused it (nothing was written, nothing will be reported)
     */
    void finished(String key, String field, String stamp, boolean announced) {
        pending.computeIfPresent(new Field(key, field), (f, p) -> {
            p.inFlight--;
            if (p.inFlight > 0) {
                return p;
            }
            p.conflicted = false;
            boolean done = stamp.equals(p.latest) && (!announced || p.reported.size() >= p.expected);
            return done ? null : p;
        });
    }

    /** Whether the value written with {@code stamp} may be kept: no other write of the field was in flight. */
    boolean mayKeep(String key, String field, String stamp) {
        boolean[] keep = new boolean[1];
        pending.computeIfPresent(new Field(key, field), (f, p) -> {
            keep[0] = !p.conflicted && stamp.equals(p.latest);
            return p;
        });
        return keep[0];
    }

    /**
     * {@code node} reported applying this instance's write {@code stamp} of {@code field}.
     *
     * @return true when that is the field's latest write (what this instance keeps of it is that write's value);
     *     false when the report must drop the field like any other
     */
    boolean reported(String node, String key, String field, String stamp) {
        boolean[] latest = new boolean[1];
        pending.computeIfPresent(new Field(key, field), (f, p) -> {
            if (!stamp.equals(p.latest)) {
                return p;
            }
            latest[0] = true;
            p.reported.add(node);
            return p.inFlight == 0 && p.reported.size() >= p.expected ? null : p;
        });
        return latest[0];
    }

    /** Whether a lookup of {@code field} must read the primary, and keep nothing read elsewhere. */
    boolean pending(String key, String field, long nowMillis) {
        if (pending.isEmpty()) {
            return false;
        }
        Field f = new Field(key, field);
        if (!pending.containsKey(f)) {
            return false; // the common case, without the bin lock computeIfPresent takes
        }
        boolean[] held = new boolean[1];
        pending.computeIfPresent(f, (k, p) -> {
            held[0] = !expired(p, nowMillis);
            return held[0] ? p : null;
        });
        return held[0];
    }

    private static boolean expired(Pending p, long nowMillis) {
        return p.inFlight == 0 && nowMillis >= p.deadline;
    }

    /** Records held now, for tests. */
    int size() {
        return pending.size();
    }
}
