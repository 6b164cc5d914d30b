package io.kompress.reliability;

import io.kompress.testing.RedisProcess;
import java.util.List;
import java.util.function.Consumer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;

/**
 * One fault of the matrix: how the Redis group is started, what is done to it when the fault begins, what
 * (if anything) is repeated while it lasts, and how it is healed.
 *
 * @param name           short name, the report's first column
 * @param fault          what happens, in words
 * @param replicaArgs    further arguments for the replicas
 * @param prepare        run once after warm-up, before the load starts
 * @param inject         starts the fault
 * @param repeat         run every {@link #REPEAT_MILLIS} while the fault lasts, or null
 * @param heal           ends the fault, or null when the fault is instantaneous (a restart)
 * @param watchedReplica index of the replica whose return to the read rotation is timed, or -1
 * @param touchesPrimary whether writes are expected to fail during the fault
 * @param delayedReplica whether the cache reaches replica 0 through a {@link io.kompress.testing.DelayProxy}
 */
record Scenario(String name, String fault, List<String> replicaArgs, Consumer<Fixture> prepare,
                Consumer<Fixture> inject, Consumer<Fixture> repeat, Consumer<Fixture> heal,
                int watchedReplica, boolean touchesPrimary, boolean delayedReplica) {

    static final long REPEAT_MILLIS = 500;
    /** How long each fault lasts, in seconds, for the descriptions. */
    static final long FAULT_S = FaultMatrixTest.FAULT_MS / 1000;
    /** The slow replica's added latency, as in the soak that found reads following it. */
    static final long SLOW_MILLIS = 50;
    private static final Consumer<Fixture> NOTHING = g -> { };

    @Override
    public String toString() {
        return name;
    }

    static List<Scenario> all() {
        return List.of(
            replica("replica killed", "SIGKILL one replica; restart it " + FAULT_S + " s later",
                g -> g.replica(0).kill(), g -> g.replica(0).restart()),
            replica("replica restarted", "SIGKILL one replica and start it again at once (empty)",
                g -> g.replica(0).restart(), null),
            replica("replica paused", "SIGSTOP one replica for " + FAULT_S + " s, then SIGCONT",
                g -> g.replica(0).pause(), g -> g.replica(0).resume()),
            new Scenario("replica flapping", "SIGSTOP/SIGCONT one replica every 500 ms for " + FAULT_S
                + " s", List.of(), NOTHING,
                g -> g.replica(0).pause(), Scenario::toggle, Scenario::resumeIfPaused, 0, false, false),
            replica("all replicas down", "SIGKILL both replicas; restart them " + FAULT_S + " s later",
                g -> g.replicas().forEach(RedisProcess::kill), g -> g.replicas().forEach(RedisProcess::restart)),
            new Scenario("replica resyncing",
                "restart one replica that refuses stale reads and loads 20k keys slowly: MASTERDOWN, then LOADING",
                List.of("--replica-serve-stale-data", "no", "--repl-diskless-load", "disabled",
                    "--key-load-delay", "100"),
                Scenario::fill, g -> g.replica(0).restart(), null, null, 0, false, false),
            new Scenario("connections reset",
                "CLIENT KILL TYPE normal on all three nodes (every pooled connection, in use or idle) every 500 ms "
                    + "for " + FAULT_S + " s",
                List.of(), NOTHING, Scenario::resetConnections, Scenario::resetConnections, NOTHING, -1, false, false),
            new Scenario("replica slow",
                "every reply of one replica delayed by " + SLOW_MILLIS + " ms for " + FAULT_S
                    + " s (a proxy in front of it)",
                List.of(), NOTHING, f -> f.delay().delay(SLOW_MILLIS), null, f -> f.delay().delay(0), -1, false, true),
            primary("primary killed", "SIGKILL the primary; restart it (empty) " + FAULT_S + " s later",
                g -> g.primary().kill(), g -> g.primary().restart()),
            primary("primary paused", "SIGSTOP the primary for " + FAULT_S + " s, then SIGCONT",
                g -> g.primary().pause(), g -> g.primary().resume()),
            primary("primary restarted", "SIGKILL the primary and start it again at once (empty dataset)",
                g -> g.primary().restart(), null));
    }

    private static Scenario replica(String name, String fault, Consumer<Fixture> inject,
                                    Consumer<Fixture> heal) {
        return new Scenario(name, fault, List.of(), NOTHING, inject, null, heal, 0, false, false);
    }

    private static Scenario primary(String name, String fault, Consumer<Fixture> inject,
                                    Consumer<Fixture> heal) {
        return new Scenario(name, fault, List.of(), NOTHING, inject, null, heal, -1, true, false);
    }

    private static void toggle(Fixture g) {
        RedisProcess r = g.replica(0);
        if (r.isPaused()) {
            r.resume();
        } else {
            r.pause();
        }
    }

    private static void resumeIfPaused(Fixture g) {
        if (g.replica(0).isPaused()) {
            g.replica(0).resume();
        }
    }

    /** Closes every normal client connection of every node, as a reset storm or an idle reaper would. */
    private static void resetConnections(Fixture g) {
        for (RedisProcess node : List.of(g.primary(), g.replica(0), g.replica(1))) {
            try (Jedis j = node.connect()) {
                j.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "normal");
            }
        }
    }

    /** 20 000 filler keys, so that a replica's full resync has something to load. */
    private static void fill(Fixture g) {
        try (Jedis j = g.primary().connect()) {
            Pipeline p = j.pipelined();
            String value = "x".repeat(100);
            for (int i = 0; i < 20_000; i++) {
                p.set("filler:" + i, value);
            }
            p.sync();
        }
        g.group().awaitReplication();
    }
}
