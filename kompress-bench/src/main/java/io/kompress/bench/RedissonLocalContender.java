package io.kompress.bench;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.redisson.Redisson;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.LocalCachedMapOptions;
import org.redisson.client.codec.StringCodec;
import org.redisson.codec.CompositeCodec;
import org.redisson.codec.TypedJsonJacksonCodec;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;

/**
 * Redisson's near cache, {@code RLocalCachedMap}, set up as its documentation suggests: the same master/slave
 * servers with {@code ReadMode.SLAVE}, string fields and Jackson JSON values, an unbounded local cache kept
 * coherent through Redisson's own invalidation topic; plus the same Bean Validation on each read.
 */
@State(Scope.Benchmark)
@SuppressWarnings("checkstyle:VisibilityModifier") // JMH state: fields read directly on the measured path
public class RedissonLocalContender {

    String[] ids;
    Validator validator;
    RedissonClient redisson;
    RLocalCachedMap<String, User> users;

    /** Connects and opens the local-cached map. */
    @Setup(Level.Trial)
    public void connect() {
        ids = BenchRedis.ids();
        validator = Validation.buildDefaultValidatorFactory().getValidator();
        Config config = new Config();
        config.useMasterSlaveServers()
            .setMasterAddress("redis://" + BenchRedis.primary())
            .setReadMode(ReadMode.SLAVE)
            .setTimeout((int) Contenders.TIMEOUT.toMillis());
        BenchRedis.replicas().forEach(r -> config.useMasterSlaveServers().addSlaveAddress("redis://" + r));
        redisson = Redisson.create(config);
        users = redisson.getLocalCachedMap(LocalCachedMapOptions.<String, User>name("users")
            .codec(new CompositeCodec(StringCodec.INSTANCE,
                new TypedJsonJacksonCodec(User.class, String.class, User.class))));
    }

    /** Shuts Redisson's threads down. */
    @TearDown(Level.Trial)
    public void close() {
        redisson.shutdown(0, 5, TimeUnit.SECONDS);
    }
}
