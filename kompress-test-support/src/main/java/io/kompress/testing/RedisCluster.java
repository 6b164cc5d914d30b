package io.kompress.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;

/**
 * A real Redis Cluster on loopback: {@code masters} masters with one replica each, created with
 * {@code redis-cli --cluster create} and {@code cluster-node-timeout} 1000 ms, so that a killed master's replica
 * is promoted within a few seconds.
 */
public final class RedisCluster implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final List<RedisProcess> nodes;

    private RedisCluster(List<RedisProcess> nodes) {
        this.nodes = nodes;
    }

    /**
     * Starts {@code 2 * masters} nodes, creates the cluster and waits until every node reports
     * {@code cluster_state:ok} and every replica is in sync.
     *
     * @param masters number of masters, at least 3
     * @return the running cluster
     */
    public static RedisCluster start(int masters) {
        return start(masters, List.of());
    }

    /**
     * {@link #start(int)} with more server arguments for every node, such as
     * {@code --cluster-require-full-coverage no}.
     *
     * @param masters number of masters, at least 3
     * @param args    arguments added to each node's command line
     * @return the running cluster
     */
    public static RedisCluster start(int masters, List<String> args) {
        List<RedisProcess> started = new ArrayList<>();
        try {
            for (int i = 0; i < masters * 2; i++) {
                List<String> nodeArgs = new ArrayList<>(List.of("--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "1000"));
                nodeArgs.addAll(args);
                started.add(RedisProcess.start(FreePorts.next(), nodeArgs));
            }
            List<String> cmd = new ArrayList<>(List.of(redisCli(), "--cluster", "create"));
            started.forEach(n -> cmd.add(n.address()));
            cmd.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            Commands.run(null, cmd, "Debian: apt-get install redis-tools");
            RedisCluster cluster = new RedisCluster(started);
            cluster.awaitOk();
            return cluster;
        } catch (RuntimeException e) {
            started.forEach(RedisProcess::close);
            throw e;
        }
    }

    /**
     * Whether {@code redis-cli}, which creates the cluster, can be found (beside the server binary or on PATH).
     *
     * @return true when it runs
     */
    public static boolean cliAvailable() {
        return Commands.runs(redisCli(), "--version");
    }

    private static String redisCli() {
        java.nio.file.Path server = RedisBinary.path();
        java.nio.file.Path sibling = server.resolveSibling("redis-cli");
        return java.nio.file.Files.isExecutable(sibling) ? sibling.toString() : "redis-cli";
    }

    /**
     * Waits until every running node reports {@code cluster_state:ok}, every replica's link is up and every
     * master has a replica connected.
     */
    public void awaitOk() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        for (RedisProcess n : nodes) {
            if (!n.isAlive() || n.isPaused()) {
                continue;
            }
            while (true) {
                String replication = n.info("replication");
                boolean synced = replication.contains("role:master") && !replication.contains("connected_slaves:0")
                    || replication.contains("master_link_status:up");
                try (Jedis j = n.connect()) {
                    if (synced && j.clusterInfo().contains("cluster_state:ok")
                        && j.clusterSlots().stream().allMatch(range -> ((List<?>) range).size() >= 4)) {
                        break; // and this node's slot map names a replica for every range
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(n + " not ready within " + READY_TIMEOUT + ":\n" + n.logTail());
                }
                RedisProcess.sleep(50);
            }
        }
    }

    /** Blocks until every running replica has applied everything its master has taken so far. */
    public void awaitReplication() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        for (RedisProcess replica : byRole(false)) {
            String info = replica.info("replication");
            int masterPort = Integer.parseInt(field(info, "master_port:"));
            RedisProcess master = nodes.stream().filter(n -> n.port() == masterPort).findFirst().orElseThrow();
            long target = Long.parseLong(field(master.info("replication"), "master_repl_offset:"));
            while (Long.parseLong(field(replica.info("replication"), "slave_repl_offset:")) < target) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(replica + " did not catch up with " + master);
                }
                RedisProcess.sleep(5);
            }
        }
    }

    private static String field(String info, String name) {
        return info.lines().filter(l -> l.startsWith(name)).map(l -> l.substring(name.length()).trim())
            .findFirst().orElse("-1");
    }

    /**
     * Every node, in start order.
     *
     * @return the processes
     */
    public List<RedisProcess> nodes() {
        return List.copyOf(nodes);
    }

    /**
     * The nodes whose role is currently master, or replica.
     *
     * @param master true for masters
     * @return the running nodes of that role
     */
    public List<RedisProcess> byRole(boolean master) {
        return nodes.stream().filter(n -> n.isAlive() && !n.isPaused()
            && n.info("replication").contains(master ? "role:master" : "role:slave")).toList();
    }

    /**
     * The node currently serving {@code key}'s slot as master.
     *
     * @param key a key
     * @return its master
     */
    public RedisProcess masterOf(String key) {
        for (RedisProcess n : byRole(true)) {
            try (Jedis j = n.connect()) {
                long slot = j.clusterKeySlot(key);
                String owner = j.clusterNodes().lines().filter(l -> l.contains("myself")).findFirst().orElse("");
                if (ownsSlot(owner, slot)) {
                    return n;
                }
            }
        }
        throw new IllegalStateException("no master serves " + key);
    }

    private static boolean ownsSlot(String nodesLine, long slot) {
        String[] parts = nodesLine.split(" ");
        for (int i = 8; i < parts.length; i++) {
            String[] range = parts[i].split("-");
            if (range[0].startsWith("[")) {
                continue;
            }
            long from = Long.parseLong(range[0]);
            long to = range.length > 1 ? Long.parseLong(range[1]) : from;
            if (slot >= from && slot <= to) {
                return true;
            }
        }
        return false;
    }

    /**
     * The seed list in {@code REDIS_CLUSTER_NODES} form.
     *
     * @return {@code 127.0.0.1:p1,...}
     */
    public String seeds() {
        return nodes.stream().map(RedisProcess::address).collect(Collectors.joining(","));
    }

    /** Stops every node. */
    @Override
    public void close() {
        nodes.forEach(RedisProcess::close);
    }
}
