package io.kompress.bench;

import io.kompress.cache.CachePolicy;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/** A replica read of one of 10 000 users, parsed and validated: the cache-hit path of every contender. */
@OutputTimeUnit(TimeUnit.SECONDS)
public class HitBenchmarks {

    private static String pick(Contenders c) {
        return c.ids[ThreadLocalRandom.current().nextInt(c.ids.length)];
    }

    /**
     * Hand-written: HGET on a random replica with Jedis, Gson parse, Hibernate Validator.
     *
     * @param c the contenders
     * @return the user
     */
    @Benchmark
    public User baseline(Contenders c) {
        String json = c.replicas[ThreadLocalRandom.current().nextInt(c.replicas.length)].hget("users", pick(c));
        return Contenders.validated(c.validator, c.gson.fromJson(json, User.class));
    }

    /**
     * {@code KompressCache.hgetL} hit.
     *
     * @param c the contenders
     * @return the user
     */
    @Benchmark
    public User kompressHgetL(Contenders c) {
        String id = pick(c);
        return c.cache.hgetL("users", id, () -> User.sample(Long.parseLong(id)), c.model, CachePolicy.none());
    }

    /**
     * A woven {@code @HashCached} method hit.
     *
     * @param c the contenders
     * @return the user
     */
    @Benchmark
    public User wovenHashCached(Contenders c) {
        return c.service.find(pick(c));
    }

    /**
     * Redisson {@code RMap.get} from replicas (ReadMode.SLAVE) with a Jackson codec, then the same validation.
     *
     * @param r the Redisson contender
     * @return the user
     */
    @Benchmark
    public User redisson(RedissonContender r) {
        return Contenders.validated(r.validator, r.users.get(r.ids[ThreadLocalRandom.current().nextInt(r.ids.length)]));
    }
}
