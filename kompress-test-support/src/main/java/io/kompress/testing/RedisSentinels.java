package io.kompress.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;

/**
 * Real Redis Sentinels on loopback watching a {@link RedisGroup}'s primary, with short timeouts so that a
 * failover takes a few seconds: {@code down-after-milliseconds} 1000, {@code failover-timeout} 5000, quorum
 * of a majority.
 */
public final class RedisSentinels implements AutoCloseable {

    private static final Duration DISCOVERY_TIMEOUT = Duration.ofSeconds(20);

    private final String masterName;
    private final List<RedisProcess> sentinels;

    private RedisSentinels(String masterName, List<RedisProcess> sentinels) {
        this.masterName = masterName;
        this.sentinels = sentinels;
    }

    /**
     * Starts {@code count} Sentinels monitoring the group's primary under {@code masterName}, and waits until
     * each of them knows every replica and the other Sentinels.
     *
     * @param group      the data nodes
     * @param masterName the name Sentinel knows the primary by
     * @param count      number of Sentinels, usually 3
     * @return the running Sentinels
     */
    public static RedisSentinels start(RedisGroup group, String masterName, int count) {
        String conf = "sentinel monitor " + masterName + " " + group.primary().host() + " " + group.primary().port()
            + " " + (count / 2 + 1) + "\n"
            + "sentinel down-after-milliseconds " + masterName + " 1000\n"
            + "sentinel failover-timeout " + masterName + " 5000\n"
            + "sentinel parallel-syncs " + masterName + " 2\n";
        List<RedisProcess> started = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                started.add(RedisProcess.startSentinel(conf));
            }
            RedisSentinels s = new RedisSentinels(masterName, started);
            s.awaitDiscovery(group.replicas().size(), count - 1);
            return s;
        } catch (RuntimeException e) {
            started.forEach(RedisProcess::close);
            throw e;
        }
    }

    private void awaitDiscovery(int replicas, int otherSentinels) {
        long deadline = System.nanoTime() + DISCOVERY_TIMEOUT.toNanos();
        for (RedisProcess s : sentinels) {
            while (true) {
                try (Jedis j = s.connect()) {
                    if (j.sentinelReplicas(masterName).size() >= replicas
                        && j.sentinelSentinels(masterName).size() >= otherSentinels) {
                        break;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(s + " did not discover the group within " + DISCOVERY_TIMEOUT);
                }
                RedisProcess.sleep(100);
            }
        }
    }

    /**
     * The Sentinels.
     *
     * @return the processes, in start order
     */
    public List<RedisProcess> processes() {
        return List.copyOf(sentinels);
    }

    /**
     * The Sentinels in {@code REDIS_SENTINELS} form.
     *
     * @return {@code 127.0.0.1:p1,127.0.0.1:p2,...}
     */
    public String hostPorts() {
        return sentinels.stream().map(RedisProcess::address).collect(Collectors.joining(","));
    }

    /**
     * The primary's address as the first Sentinel reports it.
     *
     * @return {@code host:port}
     */
    public String primaryAddress() {
        try (Jedis j = sentinels.get(0).connect()) {
            List<String> addr = j.sentinelGetMasterAddrByName(masterName);
            return addr.get(0) + ":" + addr.get(1);
        }
    }

    /** Stops every Sentinel. */
    @Override
    public void close() {
        sentinels.forEach(RedisProcess::close);
    }
}
