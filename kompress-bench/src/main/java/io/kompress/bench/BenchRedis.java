package io.kompress.bench;

import io.kompress.cache.config.RedisEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Redis a benchmark fork talks to, handed over by {@link BenchmarkReport} in system properties: the
 * report starts the servers once, the JMH forks only connect.
 */
final class BenchRedis {

    static final String PRIMARY = "kompress.bench.primary";
    static final String REPLICAS = "kompress.bench.replicas";
    static final String PAUSABLE_PID = "kompress.bench.pausablePid";
    static final int USERS = 10_000;

    private BenchRedis() {
    }

    /** The fields of the 10 000 users, "1" to "10000", so no contender formats ids on the measured path. */
    static String[] ids() {
        String[] ids = new String[USERS];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = String.valueOf(i + 1);
        }
        return ids;
    }

    static RedisEndpoint primary() {
        return RedisEndpoint.parse(required(PRIMARY));
    }

    static List<RedisEndpoint> replicas() {
        List<RedisEndpoint> list = new ArrayList<>();
        for (String s : required(REPLICAS).split(",")) {
            list.add(RedisEndpoint.parse(s));
        }
        return list;
    }

    static long pausablePid() {
        return Long.parseLong(required(PAUSABLE_PID));
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("-D" + property + " is not set: run the benchmarks with ./run-bench.sh");
        }
        return v;
    }

    static void signal(long pid, String signal) {
        try {
            Process p = new ProcessBuilder("sh", "-c", "kill -" + signal + " " + pid).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
