package io.kompress.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A page of 100 random users, all hits: one {@code hmgetL} call (one HMGET) against a loop over the single-id
 * woven method (100 HMGETs). One operation is one page.
 */
@OutputTimeUnit(TimeUnit.SECONDS)
public class BatchBenchmarks {

    static final int PAGE = 100;

    private static List<String> page(Contenders c) {
        List<String> ids = new ArrayList<>(PAGE);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < PAGE; i++) {
            ids.add(c.ids[r.nextInt(c.ids.length)]);
        }
        return ids;
    }

    /**
     * One batch read-through call for the page.
     *
     * @param c the contenders
     * @return the users
     */
    @Benchmark
    public Map<String, User> batchOfHundred(Contenders c) {
        return c.cache.hmgetL("users", page(c), missing -> {
            throw new IllegalStateException("all hits expected, missing " + missing.size());
        }, c.model, io.kompress.cache.CachePolicy.none());
    }

    /**
     * A page of 50 hits and 50 ids Redis does not have (the loader finds nothing for them, so they stay missing).
     * Each call checks that the loader ran exactly once, with only missing ids (all 50, less any another thread's
     * call is loading at that moment); a call that did not fails the run.
     *
     * @param c the contenders
     * @return the 50 users found
     */
    @Benchmark
    public Map<String, User> halfHitsOfHundred(Contenders c) {
        List<String> ids = new ArrayList<>(PAGE);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < PAGE / 2; i++) {
            ids.add(c.ids[r.nextInt(c.ids.length)]);
            ids.add("absent-" + r.nextInt(1_000_000));
        }
        int[] calls = new int[1];
        long distinctAbsent = ids.stream().filter(id -> id.startsWith("absent-")).distinct().count();
        Map<String, User> got = c.cache.hmgetL("users", ids, missing -> {
            calls[0]++;
            // Fewer than all absent ids when another thread's call is loading one of them (single-flight).
            if (missing.size() > distinctAbsent || !missing.stream().allMatch(id -> id.startsWith("absent-"))) {
                throw new IllegalStateException("the loader was asked for " + missing.size() + " ids");
            }
            return Map.of();
        }, c.model, io.kompress.cache.CachePolicy.none());
        if (calls[0] != 1) {
            throw new IllegalStateException("the loader ran " + calls[0] + " times for one call");
        }
        return got;
    }

    /**
     * The same page through the single-id woven method, one call per id.
     *
     * @param c  the contenders
     * @param bh consumes each user
     */
    @Benchmark
    public void loopOfHundred(Contenders c, Blackhole bh) {
        for (String id : page(c)) {
            bh.consume(c.service.find(id));
        }
    }
}
