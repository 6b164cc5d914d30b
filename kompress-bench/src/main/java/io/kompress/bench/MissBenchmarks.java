package io.kompress.bench;

import io.kompress.cache.CachePolicy;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** A miss every time: replica read (null), load, validate, write to the primary. */
@OutputTimeUnit(TimeUnit.SECONDS)
public class MissBenchmarks {

    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Fields nobody has written yet: unique per fork (pid) and thread. */
    @State(Scope.Thread)
    public static class Fields {
        private final String prefix = ProcessHandle.current().pid() + ":" + THREADS.incrementAndGet() + ":";
        private long next;

        String next() {
            return prefix + next++;
        }
    }

    /**
     * Hand-written miss: HGET on a replica, load, validate, Gson, HSET on the primary.
     *
     * @param c the contenders
     * @param f fresh fields
     * @return the loaded user
     */
    @Benchmark
    public User baselineMiss(Contenders c, Fields f) {
        String field = f.next();
        String json = c.replicas[ThreadLocalRandom.current().nextInt(c.replicas.length)].hget("misses", field);
        if (json != null) {
            throw new IllegalStateException("expected a miss");
        }
        User u = Contenders.validated(c.validator, User.sample(field.length()));
        c.primary.hset("misses", field, c.gson.toJson(u));
        return u;
    }

    /**
     * {@code hgetL} miss: the same steps inside Kompress, plus single-flight bookkeeping.
     *
     * @param c the contenders
     * @param f fresh fields
     * @return the loaded user
     */
    @Benchmark
    public User kompressMiss(Contenders c, Fields f) {
        String field = f.next();
        return c.cache.hgetL("misses", field, () -> User.sample(field.length()), c.model, CachePolicy.none());
    }
}
