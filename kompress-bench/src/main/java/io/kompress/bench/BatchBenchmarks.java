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
