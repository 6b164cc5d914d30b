package io.kompress.cache.internal.topology;

import io.kompress.cache.RedisCall;
import io.kompress.cache.config.ClusterOptions;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.config.RedisEndpoint;
import io.kompress.cache.errors.KompressCacheException;
import io.kompress.cache.internal.time.TimeSource;
import io.kompress.cache.internal.util.Errors;
import io.kompress.cache.internal.util.Log;
import io.kompress.cache.internal.util.OutageLog;
import io.kompress.cache.observability.NodeHealth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Redis Cluster: one {@link StandaloneTopology} per shard (its master, and its replicas when replica reads are
 * on), chosen by the hash key's slot. The slot map comes from {@code CLUSTER SLOTS}, asked of the seeds or any
 * known node, at start, every {@value #REFRESH_SECONDS} s, at once when a shard's master fails, and before a
 * call answered with {@code MOVED}/{@code ASK} is retried once. Within a shard everything works as standalone:
 * replica failover to the master, the master's breaker, probing.
 */
final class ClusterTopology implements Topology {

    static final int SLOTS = 16384;
    static final long REFRESH_SECONDS = 5;

    private final KompressConfig config;
    private final CallEvents events;
    private final TimeSource time;
    private final ClusterOptions options;
    private final DefaultJedisClientConfig adminConfig;
    private final Rediscovery rediscovery;
    private final OutageLog outage = new OutageLog("Redis Cluster slot map queries");
    private volatile StandaloneTopology[] bySlot = new StandaloneTopology[SLOTS];
    private volatile Map<RedisEndpoint, StandaloneTopology> shards = new HashMap<>();
    private volatile boolean closed;
    /** Guards computing and swapping the routing ({@link #bySlot}, {@link #shards}, {@link #sequence}) only. */
    private final Object routingLock = new Object();
    private volatile long sequence;

    ClusterTopology(KompressConfig config, CallEvents events, TimeSource time) {
        this.config = config;
        this.events = events;
        this.time = time;
        this.options = (ClusterOptions) config.deployment();
        this.adminConfig = Node.clientConfig(config, config.auth().orElse(null));
        this.rediscovery = new Rediscovery("kompress-cluster-slots", TimeUnit.SECONDS.toMillis(REFRESH_SECONDS),
            this::refresh, time);
        rediscovery.start();
    }

    @Override
    public <R> R read(String operation, String key, RedisCall<R> call) {
        try {
            return shard(operation, key).read(operation, key, call);
        } catch (KompressCacheException e) {
            if (!isRedirect(e)) {
                throw e;
            }
            refresh();
            return shard(operation, key).read(operation, key, call);
        }
    }

    @Override
    public <R> R readPrimary(String operation, String key, RedisCall<R> call) {
        try {
            return shard(operation, key).readPrimary(operation, key, call);
        } catch (KompressCacheException e) {
            if (!isRedirect(e)) {
                throw e;
            }
            refresh();
            return shard(operation, key).readPrimary(operation, key, call);
        }
    }

    @Override
    public <R> R write(String operation, String key, boolean idempotent, RedisCall<R> call) {
        try {
            return shard(operation, key).write(operation, key, idempotent, call);
        } catch (KompressCacheException e) {
            if (!isRedirect(e)) {
                throw e;
            }
            refresh();
            return shard(operation, key).write(operation, key, idempotent, call);
        }
    }

    @Override
    public int fieldStreams() {
        return 0; // Cluster reports whole keys: see WriteAttribution
    }

    @Override
    public boolean tracks(String key) {
        StandaloneTopology s = bySlot[JedisClusterCRC16.getSlot(key)];
        return s != null && s.tracks(key);
    }

    private StandaloneTopology shard(String operation, String key) {
        if (key == null) {
            throw new IllegalArgumentException("a cluster routes by key; " + operation + " needs one");
        }
        StandaloneTopology s = bySlot[JedisClusterCRC16.getSlot(key)];
        if (s == null) {
            refreshSoon();
            throw Errors.unavailable(operation, "cluster", "no node known for the key's slot yet", null);
        }
        return s;
    }

    private static boolean isRedirect(KompressCacheException e) {
        return e.getCause() != null && Failures.classify(e.getCause()) == Failures.Kind.REDIRECT;
    }

    void refreshSoon() {
        rediscovery.soon();
    }

    /**
     * Re-reads the slot map and re-routes; keeps shards whose master did not change. The {@code CLUSTER SLOTS} round
     * trip runs with no lock held; only computing and swapping the routing does, and the shards are updated, closed
     * and the near cache told after the lock is released. Refreshes may run at once (the rediscovery thread and a
     * caller that met a redirect): each takes a sequence number with its swap, and only the newest one updates the
     * shards it kept, so an older answer never overwrites a newer one.
     */
    void refresh() {
        if (closed) {
            return;
        }
        List<Object> slots = null;
        RuntimeException last = null;
        for (RedisEndpoint node : candidates()) {
            try (Jedis j = new Jedis(new HostAndPort(node.host(), node.port()), adminConfig)) {
                slots = j.clusterSlots();
                break;
            } catch (RuntimeException e) {
                last = e;
            }
        }
        if (slots == null) {
            if (!closed) {
                outage.failed("keeping the last known slot map", new IllegalStateException("no cluster node of "
                    + candidates() + " answered: " + (last == null ? "none known" : Failures.reason(
                    Failures.classify(last), last, adminConfig.getSocketTimeoutMillis()))));
            }
            return;
        }
        outage.succeeded();
        Plan plan;
        synchronized (routingLock) {
            if (closed) {
                return;
            }
            plan = plan(slots, ++sequence);
            bySlot = plan.bySlot();
            shards = plan.shards();
        }
        apply(plan);
    }

    private List<RedisEndpoint> candidates() {
        List<RedisEndpoint> all = new ArrayList<>(shards.keySet());
        for (RedisEndpoint seed : options.seeds()) {
            if (!all.contains(seed)) {
                all.add(seed);
            }
        }
        return all;
    }

    /**
     * A routing computed from one slot map: the shard of each slot, the shards by master, the shards kept (with the
     * replicas each should now have), the shards dropped, and whether any slot moved.
     */
    private record Plan(long sequence, StandaloneTopology[] bySlot, Map<RedisEndpoint, StandaloneTopology> shards,
                        List<Kept> kept, List<StandaloneTopology> dropped, boolean slotsMoved,
                        boolean mastersChanged) {
    }

    /** A shard whose master did not change, and the replicas the new slot map gives it. */
    private record Kept(StandaloneTopology shard, RedisEndpoint master, List<RedisEndpoint> replicas) {
    }

    /** Computes the routing for {@code slots}; creates the shards of new masters (no I/O: nodes connect lazily). */
    private Plan plan(List<Object> slots, long seq) {
        StandaloneTopology[] next = new StandaloneTopology[SLOTS];
        Map<RedisEndpoint, StandaloneTopology> nextShards = new HashMap<>();
        List<Kept> kept = new ArrayList<>();
        for (Object rangeObject : slots) {
            List<?> range = (List<?>) rangeObject;
            int from = ((Long) range.get(0)).intValue();
            int to = ((Long) range.get(1)).intValue();
            RedisEndpoint master = endpoint((List<?>) range.get(2));
            List<RedisEndpoint> replicas = new ArrayList<>();
            if (options.readFromReplicas()) {
                for (int i = 3; i < range.size(); i++) {
                    replicas.add(endpoint((List<?>) range.get(i)));
                }
                replicas.sort((a, b) -> a.toString().compareTo(b.toString()));
            }
            StandaloneTopology shard = nextShards.get(master);
            if (shard == null) {
                shard = shards.get(master);
                if (shard == null) {
                    shard = new ClusterShard(config, events, time, master, replicas, this::refreshSoon);
                } else {
                    kept.add(new Kept(shard, master, replicas));
                }
                nextShards.put(master, shard);
            }
            for (int s = from; s <= to; s++) {
                next[s] = shard;
            }
        }
        List<StandaloneTopology> dropped = new ArrayList<>();
        for (Map.Entry<RedisEndpoint, StandaloneTopology> old : shards.entrySet()) {
            if (!nextShards.containsKey(old.getKey())) {
                dropped.add(old.getValue());
            }
        }
        return new Plan(seq, next, nextShards, kept, dropped, !java.util.Arrays.equals(bySlot, next),
            !nextShards.keySet().equals(shards.keySet()));
    }

    /** The side effects of a swapped-in plan, run with no lock held. */
    private void apply(Plan plan) {
        if (plan.sequence() == sequence) { // a newer plan updates the shards itself
            plan.kept().forEach(k -> k.shard().update(k.master(), k.replicas()));
        }
        if (plan.slotsMoved()) {
            events.trackingLost("cluster", "the slot map changed");
        }
        plan.dropped().forEach(StandaloneTopology::close);
        if (plan.mastersChanged()) {
            Log.LOG.info("Redis Cluster: masters {}", plan.shards().keySet());
        }
    }

    private static RedisEndpoint endpoint(List<?> node) {
        Object host = node.get(0);
        String h = host instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
            : String.valueOf(host);
        return new RedisEndpoint(h, ((Long) node.get(1)).intValue());
    }

    /** Stops rediscovery and closes every shard; never waits for a refresh in flight (it finds the topology closed). */
    @Override
    public void close() {
        Map<RedisEndpoint, StandaloneTopology> open;
        synchronized (routingLock) {
            closed = true;
            open = shards;
        }
        rediscovery.close();
        open.values().forEach(StandaloneTopology::close);
    }

    @Override
    public List<NodeHealth> health() {
        List<NodeHealth> primaries = new ArrayList<>();
        List<NodeHealth> replicas = new ArrayList<>();
        for (StandaloneTopology shard : shardsNow()) {
            for (NodeHealth h : shard.health()) {
                (h.role().equals("primary") ? primaries : replicas).add(h);
            }
        }
        primaries.addAll(replicas);
        return primaries;
    }

    /** The current shards: the map is replaced whole on each refresh, never changed in place. */
    private List<StandaloneTopology> shardsNow() {
        return new ArrayList<>(shards.values());
    }

    /** A shard that asks for a new slot map when its master fails (a replica may have been promoted). */
    private static final class ClusterShard extends StandaloneTopology {

        private final Runnable onPrimaryFailure;

        ClusterShard(KompressConfig config, CallEvents events, TimeSource time, RedisEndpoint master,
                     List<RedisEndpoint> replicas, Runnable onPrimaryFailure) {
            super(config, events, time, master, replicas, true);
            this.onPrimaryFailure = onPrimaryFailure;
        }

        @Override
        void primaryFailed() {
            onPrimaryFailure.run();
        }
    }
}
