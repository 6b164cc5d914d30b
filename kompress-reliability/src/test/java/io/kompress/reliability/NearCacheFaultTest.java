package io.kompress.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.CacheModel;
import io.kompress.cache.CachePolicy;
import io.kompress.cache.KompressCache;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.errors.KompressCacheException;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.cache.observability.CacheStats;
import io.kompress.testing.RedisBinary;
import io.kompress.testing.RedisCluster;
import io.kompress.testing.RedisGroup;
import io.kompress.testing.RedisProcess;
import io.kompress.testing.RedisSentinels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;

/**
 * The near cache under faults: {@value #READERS} threads read {@value #KEYS} fields of one hash through the near
 * cache while {@value #WRITERS} writers write known, increasing versions to the same fields — one through another
 * Kompress cache instance (its writes drop only their fields), one with raw Jedis on the primary (as another
 * program would: each of its writes drops the whole hash) — interleaved; a fault is injected after
 * {@value #BEFORE_MS} ms for {@value #FAULT_MS} ms.
 *
 * <p>A write counts once {@code WAIT} confirms every replica applied it. A read is <b>stale</b> when it started more
 * than {@value #BOUND_MS} ms after a newer version of its entry was applied by every replica and still returned the
 * older one. Writes are sparse (each entry is rewritten every few seconds on average), so a lost invalidation would
 * leave an entry stale for longer than the bound and be counted. The loader throws: every value returned comes
 * from Redis, and no write-back races the writers.
 */
@Tag("reliability")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NearCacheFaultTest {

    static final int READERS = 16;
    static final int WRITERS = 2;
    static final int KEYS = 200;
    static final long BEFORE_MS = 2000;
    static final long FAULT_MS = 5000;
    static final long AFTER_MS = 3000;
    static final long BOUND_MS = 1000;
    /** Writes per second per writer: each of the 200 entries is rewritten about every 4 s. */
    static final int WRITE_RATE = 25;
    static final Duration TIMEOUT = Duration.ofMillis(500);

    private static final Logger LOG = LoggerFactory.getLogger(NearCacheFaultTest.class);
    private static final String MASTER = "near";
    private static final CachePolicy NEAR = CachePolicy.builder().nearCache().build();
    private static final CacheModel<Versioned> MODEL = CacheModel.of(Versioned.class);

    /** An entry: its key's number and the version the writers gave it. */
    record Versioned(int id, long version) {
    }

    /** How the nodes are deployed: a primary with replicas, the same behind Sentinel, or a Cluster. */
    enum Setup { PLAIN, SENTINEL, CLUSTER }

    /**
     * The nodes of one scenario: a group (plain and Sentinel) or a cluster, and the node a cluster fault paused.
     */
    static final class Nodes {
        private final RedisGroup group;
        private final RedisCluster cluster;
        private RedisProcess victim;
        private RedisSentinels sentinels;

        Nodes(RedisGroup group, RedisCluster cluster) {
            this.group = group;
            this.cluster = cluster;
        }

        /**
         * Waits until the Sentinels name another primary than the group's first: the fault lasts until the failover
         * it causes has happened, however long a starved machine takes (60 s at most), not a fixed 5 s.
         */
        void awaitPromotion() {
            String old = group.primary().address();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (old.equals(sentinels.primaryAddress())) {
                assertTrue(System.nanoTime() < deadline, "Sentinel promoted no replica within 60 s");
                try {
                    Thread.sleep(50); // polling Sentinel for an outcome; no timing is asserted
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }

        RedisGroup group() {
            return group;
        }

        RedisCluster cluster() {
            return cluster;
        }

        /** The node a cluster fault paused. */
        RedisProcess victim() {
            return victim;
        }

        void victim(RedisProcess node) {
            victim = node;
        }
    }

    /**
     * A fault: the replica count (per shard in a cluster), what is done to the nodes when the fault starts, repeated
     * every {@code repeatMillis} (0: once), then healed.
     */
    record Fault(String name, String what, int replicas, Consumer<Nodes> inject, long repeatMillis,
                 Consumer<Nodes> heal, Setup setup) {
        Fault(String name, String what, int replicas, Consumer<Nodes> inject, long repeatMillis,
              Consumer<Nodes> heal) {
            this(name, what, replicas, inject, repeatMillis, heal, Setup.PLAIN);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A version confirmed on every replica, and when (nanoTime). */
    record Confirmed(long version, long at) {
    }

    /** What one scenario measured. */
    record Outcome(Fault fault, long reads, long nearHits, long stale, long misses, long errors, long writes,
                   long confirmed, long flushes) {
    }

    private final List<Outcome> outcomes = new ArrayList<>();

    static List<Fault> faults() {
        return List.of(
            new Fault("replica restarted", "SIGKILL one replica and start it again at once (empty, full resync)", 2,
                n -> n.group().replica(0).restart(), 0, null),
            new Fault("primary restarted, full resync", "SIGKILL the primary and start it again at once (empty): "
                + "both replicas full-resync to the empty dataset; the writers then restore every entry", 2,
                n -> n.group().primary().restart(), 0, null),
            new Fault("invalidation connections killed", "CLIENT KILL TYPE pubsub on both replicas and the primary, "
                + "every 500 ms for 5 s", 2, NearCacheFaultTest::killTrackingConnections, 500, null),
            new Fault("only stream killed", "no replicas (the primary's stream is the only one): CLIENT KILL TYPE "
                + "pubsub every 20 ms for 5 s", 0, NearCacheFaultTest::killTrackingConnections, 20, null),
            new Fault("tracked replica paused", "SIGSTOP one replica for 5 s, then SIGCONT", 2,
                n -> n.group().replica(0).pause(), 0, n -> n.group().replica(0).resume()),
            new Fault("Sentinel failover", "three Sentinels; SIGSTOP the primary for 5 s, and on until Sentinel has "
                + "promoted a replica (the cache and the writers follow it), then SIGCONT: the old primary is "
                + "demoted and resyncs", 2, n -> n.group().primary().pause(), 0, n -> {
                    n.awaitPromotion();
                    n.group().primary().resume();
                }, Setup.SENTINEL),
            new Fault("Cluster master failover", "3 masters with a replica each, reads from replicas; SIGSTOP the "
                + "master of the hash for 5 s: its replica is promoted (cluster-node-timeout 1 s) and "
                + "the cache and the writers follow the new slot map, then SIGCONT: the old master rejoins as a "
                + "replica and resyncs", 1, NearCacheFaultTest::pauseAMaster, 0, n -> n.victim().resume(),
                Setup.CLUSTER));
    }

    private static void pauseAMaster(Nodes nodes) {
        nodes.victim(nodes.cluster().masterOf(World.HASH));
        nodes.victim().pause();
    }

    private static void killTrackingConnections(Nodes all) {
        List<RedisProcess> nodes = new ArrayList<>(all.group().replicas());
        nodes.add(all.group().primary());
        for (RedisProcess node : nodes) {
            try (Jedis j = node.connect()) {
                j.clientKill(new ClientKillParams().type(ClientType.PUBSUB));
            } catch (RuntimeException e) {
                LOG.debug("CLIENT KILL on {} failed: {}", node, e.toString());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void nearHitsNeverReturnAValueOlderThanTheReplicasApplied(Fault fault) throws Exception {
        Outcome o = run(fault);
        outcomes.add(o);
        LOG.info("{}: {}", fault.name(), o);
        assertEquals(0, o.stale(), "stale near-cache reads");
        assertEquals(0, o.errors(), "errors: reads fail over, the loader is never needed");
        assertTrue(o.nearHits() > o.reads() / 4, "the near cache served too few reads to prove anything: " + o);
        assertTrue(o.confirmed() > 50, "too few writes were confirmed on every replica: " + o);
        assertTrue(o.flushes() >= 1, "the fault did not empty the near cache: " + o);
    }

    private Outcome run(Fault fault) throws Exception {
        if (fault.setup() == Setup.CLUSTER) {
            return runCluster(fault);
        }
        try (RedisGroup group = RedisGroup.start(fault.replicas())) {
            Nodes nodes = new Nodes(group, null);
            if (fault.setup() == Setup.SENTINEL) {
                try (RedisSentinels sentinels = RedisSentinels.start(group, MASTER, 3)) {
                    nodes.sentinels = sentinels;
                    String before = sentinels.primaryAddress();
                    Outcome o = run(fault, nodes, () -> Writer.of(connect(sentinels.primaryAddress())),
                        KompressConfig.fromEnv(Map.of("REDIS_SENTINELS", sentinels.hostPorts(),
                            "REDIS_SENTINEL_MASTER", MASTER)).toBuilder());
                    assertNotEquals(before, sentinels.primaryAddress(), "Sentinel never promoted a replica");
                    return o;
                }
            }
            KompressConfig.Builder config = KompressConfig.builder()
                .primary(group.primary().host(), group.primary().port());
            group.replicas().forEach(r -> config.replica(r.host(), r.port()));
            return run(fault, nodes, () -> Writer.of(group.primary().connect()), config);
        }
    }

    private Outcome runCluster(Fault fault) throws Exception {
        // Without full coverage required, the other two shards keep serving while one has no master.
        try (RedisCluster cluster = RedisCluster.start(3, List.of("--cluster-require-full-coverage", "no"));
             RedisClusterClient writers = RedisClusterClient.builder()
                 .nodes(Set.of(HostAndPort.from(cluster.nodes().get(0).address())))
                 .clientConfig(DefaultJedisClientConfig.builder().timeoutMillis((int) TIMEOUT.toMillis()).build())
                 .maxAttempts(3).build()) {
            Nodes nodes = new Nodes(null, cluster);
            KompressConfig.Builder config = KompressConfig.fromEnv(Map.of("REDIS_CLUSTER_NODES", cluster.seeds(),
                "REDIS_CLUSTER_READ_FROM_REPLICAS", "true")).toBuilder();
            Outcome o = run(fault, nodes, () -> Writer.of(writers), config);
            assertNotEquals(nodes.victim().port(), cluster.masterOf(World.HASH).port(),
                "the paused master's replica was never promoted");
            return o;
        }
    }

    private Outcome run(Fault fault, Nodes nodes, Supplier<Writer> primary, KompressConfig.Builder config)
        throws Exception {
        World world = new World(nodes, fault.replicas(), primary);
        world.restore();
        awaitReplication(nodes);
        config.timeout(TIMEOUT).probeDelays(Duration.ofMillis(50), Duration.ofMillis(500));
        try (KompressCache cache = KompressCache.create(config.build());
             KompressCache writer = KompressCache.create(config.build())) {
            return world.drive(cache, writer, fault);
        }
    }

    private static void awaitReplication(Nodes nodes) {
        if (nodes.cluster() != null) {
            nodes.cluster().awaitReplication();
        } else {
            nodes.group().awaitReplication();
        }
    }

    private static Jedis connect(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new Jedis(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)),
            (int) TIMEOUT.toMillis());
    }

    /** The writers' connection to whichever node is the primary of a key: a Jedis, or the cluster client. */
    interface Writer extends AutoCloseable {
        void hset(String key, String field, String value);

        void set(String key, String value);

        /** {@code WAIT} on the primary of {@code key}: how many replicas applied everything it took so far. */
        long waitReplicas(String key, int replicas, long timeoutMillis);

        @Override
        void close();

        static Writer of(Jedis j) {
            return new Writer() {
                @Override
                public void hset(String key, String field, String value) {
                    j.hset(key, field, value);
                }

                @Override
                public void set(String key, String value) {
                    j.set(key, value);
                }

                @Override
                public long waitReplicas(String key, int replicas, long timeoutMillis) {
                    return j.waitReplicas(replicas, timeoutMillis);
                }

                @Override
                public void close() {
                    j.close();
                }
            };
        }

        /** The shared cluster client, which follows the slot map itself; closing a writer leaves it open. */
        static Writer of(UnifiedJedis cluster) {
            return new Writer() {
                @Override
                public void hset(String key, String field, String value) {
                    cluster.hset(key, field, value);
                }

                @Override
                public void set(String key, String value) {
                    cluster.set(key, value);
                }

                @Override
                public long waitReplicas(String key, int replicas, long timeoutMillis) {
                    return cluster.waitReplicas(key, replicas, timeoutMillis);
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** The writers' truth, the readers, and the counters. */
    private static final class World {
        private final Nodes nodes;
        private final int replicas;
        /** A new connection to whichever node is the primary now. */
        private final Supplier<Writer> primary;
        private final AtomicLongArray latest = new AtomicLongArray(KEYS);
        /** Per entry: the newest version confirmed on every replica and when (nanoTime), read and set as one. */
        private final AtomicReferenceArray<Confirmed> confirmed = new AtomicReferenceArray<>(KEYS);
        private final LongAdder reads = new LongAdder();
        private final LongAdder stale = new LongAdder();
        private final LongAdder misses = new LongAdder();
        private final LongAdder errors = new LongAdder();
        private final LongAdder writes = new LongAdder();
        private final LongAdder confirmations = new LongAdder();
        private volatile boolean running = true;
        private volatile boolean restoring;

        World(Nodes nodes, int replicas, Supplier<Writer> primary) {
            this.nodes = nodes;
            this.replicas = replicas;
            this.primary = primary;
        }

        /** The hash, and in the same slot the key each confirmation writes before its WAIT. */
        static final String HASH = "{near}";
        static final String CLOCK = "{near}:clock";

        static String field(int id) {
            return String.valueOf(id);
        }

        static String json(int id, long version) {
            return "{\"id\":" + id + ",\"version\":" + version + "}";
        }

        /** Writes every entry's latest version (at start, and after the primary lost its data). */
        void restore() {
            try (Writer j = primary.get()) {
                synchronized (this) { // no writer between reading a version and writing it
                    for (int id = 0; id < KEYS; id++) {
                        j.hset(HASH, field(id), json(id, latest.get(id)));
                    }
                }
            }
        }

        Outcome drive(KompressCache cache, KompressCache kompressWriter, Fault fault) throws Exception {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                threads.add(start("near-reader-" + i, () -> read(cache)));
            }
            for (int i = 0; i < WRITERS; i++) {
                KompressCache via = i % 2 == 0 ? null : kompressWriter;
                threads.add(start("near-writer-" + i, () -> write(via)));
            }
            Thread.sleep(BEFORE_MS);
            long flushesBefore = cache.stats().count(Counter.NEAR_FLUSHES);
            long faultEnd = System.nanoTime() + FAULT_MS * 1_000_000;
            inject(fault);
            while (fault.repeatMillis() > 0 && System.nanoTime() + fault.repeatMillis() * 1_000_000 < faultEnd) {
                Thread.sleep(fault.repeatMillis());
                fault.inject().accept(nodes);
            }
            long left = (faultEnd - System.nanoTime()) / 1_000_000;
            if (left > 0) {
                Thread.sleep(left);
            }
            if (fault.heal() != null) {
                fault.heal().accept(nodes);
            }
            Thread.sleep(AFTER_MS);
            running = false;
            for (Thread t : threads) {
                t.join(10_000);
            }
            CacheStats s = cache.stats();
            return new Outcome(fault, reads.sum(), s.count(Counter.NEAR_HITS), stale.sum(), misses.sum(), errors.sum(),
                writes.sum(), confirmations.sum(), s.count(Counter.NEAR_FLUSHES) - flushesBefore);
        }

        private static Thread start(String name, Runnable body) {
            Thread t = new Thread(body, name);
            t.setDaemon(true);
            t.start();
            return t;
        }

        private void inject(Fault fault) {
            boolean primaryLost = fault.name().startsWith("primary");
            if (primaryLost) {
                restoring = true;
            }
            fault.inject().accept(nodes);
            if (primaryLost) {
                nodes.group().awaitReplicasInSync();
                restore();
                restoring = false;
            }
        }

        private void read(KompressCache cache) {
            while (running) {
                int id = ThreadLocalRandom.current().nextInt(KEYS);
                long startedAt = System.nanoTime();
                Confirmed c = confirmed.get(id);
                long mustSee = c != null && startedAt - c.at() > BOUND_MS * 1_000_000 ? c.version() : -1;
                try {
                    Versioned v = cache.hgetL(HASH, field(id), () -> {
                        throw new IllegalStateException("miss");
                    }, MODEL, NEAR);
                    reads.increment();
                    if (v.version() < mustSee) {
                        stale.increment();
                        LOG.warn("stale read of {}: version {} returned, {} confirmed {} ms before the read started",
                            field(id), v.version(), mustSee, (startedAt - c.at()) / 1_000_000);
                    }
                } catch (IllegalStateException e) {
                    misses.increment(); // the primary lost its data and the entry is not restored yet
                } catch (KompressCacheException e) {
                    errors.increment();
                }
            }
        }

        /** Writes through {@code via}, a Kompress cache, or with raw Jedis when it is null. */
        private void write(KompressCache via) {
            long pauseNanos = 1_000_000_000L / WRITE_RATE;
            Writer j = null;
            try {
                while (running) {
                    long next = System.nanoTime() + pauseNanos;
                    int id = ThreadLocalRandom.current().nextInt(KEYS);
                    try {
                        if (!restoring) {
                            j = j != null ? j : primary.get();
                            writeOne(j, id, via);
                        }
                    } catch (RuntimeException e) {
                        LOG.debug("write of {} failed ({}); reconnecting to the primary", field(id), e.toString());
                        if (j != null) {
                            j.close();
                        }
                        j = null; // the next write asks again which node is the primary
                    }
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (j != null) {
                    j.close();
                }
            }
        }

        private void writeOne(Writer j, int id, KompressCache via) {
            long version;
            synchronized (this) { // one writer per entry at a time, so versions reach Redis in order
                version = latest.get(id) + 1;
                if (via != null) {
                    via.hset(HASH, field(id), json(id, version));
                } else {
                    j.hset(HASH, field(id), json(id, version));
                }
                latest.set(id, version);
            }
            writes.increment();
            // WAIT counts this connection's writes: a write of its own after the Kompress one (which returned
            // first, on the same primary and replication stream) covers both.
            j.set(CLOCK, Long.toString(version));
            if (j.waitReplicas(HASH, replicas, 200) >= replicas) {
                Confirmed next = new Confirmed(version, System.nanoTime());
                confirmed.accumulateAndGet(id, next, (old, n) -> old == null || n.version() > old.version() ? n : old);
                confirmations.increment();
            }
        }
    }

    @AfterAll
    void writeReport() throws Exception {
        if (outcomes.isEmpty()) {
            return;
        }
        StringBuilder md = new StringBuilder("# Near cache under faults\n\n")
            .append("Generated by `NearCacheFaultTest` (module `kompress-reliability`); regenerate with ")
            .append("`./run-reliability.sh`. Every figure was measured in that run.\n\n")
            .append(String.format(Locale.ROOT, "Set-up: a primary and two replicas (`%s`; none, or a "
                + "Cluster, where the scenario says so) on 127.0.0.1, fresh per scenario; %d threads read %d fields "
                + "of one hash through the near cache; %d writers write increasing versions to the same fields, "
                + "interleaved: one through another Kompress cache instance (its writes drop only their fields), "
                + "one with raw Jedis on the primary (the Jedis cluster client in the Cluster; each of its writes "
                + "drops the whole hash), %d writes/s each, then a write of its own and `WAIT <replicas> 200` on "
                + "the raw connection. A read is **stale** when it started more than %d ms after a "
                + "newer version was confirmed on every replica and still returned the older one. "
                + "The fault starts after %d s and lasts %d s; %d s follow. `REDIS_TIMEOUT` %d ms, near-cache "
                + "heartbeat 1 s. Machine: %d CPUs, Java %s.%n%n",
                RedisBinary.description(), READERS, KEYS, WRITERS, WRITE_RATE, BOUND_MS, BEFORE_MS / 1000,
                FAULT_MS / 1000, AFTER_MS / 1000, TIMEOUT.toMillis(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version")))
            .append("| scenario | fault | reads | near hits | stale reads | misses (data lost) | errors | writes "
                + "(confirmed on every replica) | near-cache flushes |\n|---|---|--:|--:|--:|--:|--:|--:|--:|\n");
        for (Outcome o : outcomes) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | **%d** | %d | %d | %d (%d) | %d |%n",
                o.fault().name(), o.fault().what(), o.reads(), o.nearHits(), o.stale(), o.misses(), o.errors(),
                o.writes(), o.confirmed(), o.flushes()));
        }
        List<Path> targets = new ArrayList<>(List.of(Path.of("target", "NEAR-FAULTS.md")));
        String extra = System.getProperty("kompress.near.report", "");
        if (!extra.isBlank() && outcomes.size() == faults().size()) {
            targets.add(Path.of(extra));
        }
        Report.write(md.toString(), targets.toArray(Path[]::new));
    }
}
