package io.kompress.demo;

import io.kompress.cache.KompressCache;
import io.kompress.cache.errors.KompressCacheException;
import io.kompress.testing.RedisBinary;
import io.kompress.testing.RedisProcess;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The demo's entry point. Without arguments it runs the guided tour; {@code --serve [port]} serves
 * {@code /users/{id}} until interrupted; {@code --redis [port]} runs a local Redis until interrupted, for the README's
 * first hour on a machine without one; {@code --help} says so. With no {@code REDIS_*} variable set it starts
 * its own primary and two replicas and stops them at exit; any {@code REDIS_*} variable selects the user's
 * Redis, which must answer at start-up. A bad argument or configuration prints one line and exits non-zero.
 */
public final class DemoApp {

    private static final String USAGE = """
        usage: ./run-demo.sh                  run the guided tour
               ./run-demo.sh --serve [port]   serve GET/HEAD /users/{id} on 127.0.0.1 (default port 8080)
               ./run-demo.sh --redis [port]   run a local Redis for your own code (default port 6379)
               ./run-demo.sh --spring [port]  the Spring Boot example: @Cacheable and @HashCached (default 8080)
               ./run-demo.sh --help           print this
        With no REDIS_* variable set, the demo starts its own primary and two replicas on free ports;
        set REDIS_HOST, REDIS_PORT, ... (see the README's configuration table) to use your Redis instead.""";

    /** Exit status for a bad argument or configuration. */
    static final int USAGE_ERROR = 2;
    /** Exit status when the configured Redis does not answer. */
    static final int UNAVAILABLE = 1;

    private DemoApp() {
    }

    /**
     * Runs the demo.
     *
     * @param args none, {@code --serve [port]}, {@code --redis [port]} or {@code --help}
     * @throws Exception when the demo fails after starting
     */
    public static void main(String[] args) throws Exception {
        // Route Hibernate Validator's JBoss Logging through SLF4J instead of java.util.logging.
        System.setProperty("org.jboss.logging.provider", "slf4j");
        Integer port = null;
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            System.out.println(USAGE);
            return;
        }
        if (args.length > 0 && "--redis".equals(args[0]) && args.length <= 2) {
            runRedis(args.length == 2 ? parsePort(args[1]) : 6379);
            return;
        }
        if (args.length > 0) {
            if (!"--serve".equals(args[0]) || args.length > 2) {
                fail(USAGE_ERROR, "unknown arguments: " + String.join(" ", args) + " (try --help)");
            }
            port = args.length == 2 ? parsePort(args[1]) : 8080;
        }
        RedisSetup redis = start(System.getenv());
        if (port == null) {
            try (redis) {
                new Walkthrough(redis, System.out).run();
            } finally {
                KompressCache.setDefault(null);
            }
        } else {
            serve(redis, port);
        }
    }

    private static RedisSetup start(Map<String, String> env) {
        try {
            return RedisSetup.fromEnvironment(env, true);
        } catch (IllegalArgumentException e) {
            throw fail(USAGE_ERROR, "configuration error: " + e.getMessage());
        } catch (KompressCacheException e) {
            throw fail(UNAVAILABLE, "the configured Redis does not answer: " + e.getMessage());
        }
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw fail(USAGE_ERROR, "invalid port '" + text + "': expected 0 to 65535 (try --help)");
    }

    /** Prints one line to stderr and exits; returns nothing, typed so callers can {@code throw} it. */
    private static IllegalStateException fail(int status, String message) {
        System.err.println("kompress demo: " + message);
        System.exit(status);
        return new IllegalStateException(message);
    }

    /** Runs one local Redis (the harness's binary: redis-server from PATH, else the embedded 6.2) until Ctrl-C. */
    private static void runRedis(int port) throws InterruptedException {
        RedisProcess redis;
        try {
            redis = RedisProcess.start(port, List.of());
        } catch (RuntimeException e) {
            throw fail(UNAVAILABLE, "could not start Redis on 127.0.0.1:" + port + " (is the port taken?): "
                + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            redis.close();
            stopped.countDown();
        }, "demo-redis-shutdown"));
        System.out.println(redis.serverVersion() + " (" + RedisBinary.description() + ") on "
            + redis.address() + "; its data is not saved; Ctrl-C stops it.");
        System.out.println("In another terminal: export REDIS_HOST=" + redis.host() + " REDIS_PORT=" + redis.port());
        stopped.await();
    }

    private static void serve(RedisSetup redis, int port) throws IOException, InterruptedException {
        KompressCache.setDefault(redis.cache());
        redis.clearDemoKeys();
        UserHttpServer server = new UserHttpServer(new UserService(new UserDatabase()), port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (redis.local().isEmpty()) {
                try {
                    redis.clearDemoKeys();
                } catch (KompressCacheException e) {
                    System.err.println("kompress demo: could not remove the demo's keys: " + e.getMessage());
                }
            }
            redis.close();
            stopped.countDown();
        }, "demo-shutdown"));
        System.out.println("Serving on http://127.0.0.1:" + server.port() + "/users/{id} using " + redis.describe());
        System.out.println("Try: curl -i http://127.0.0.1:" + server.port() + "/users/42   (Ctrl-C stops)");
        stopped.await();
    }
}
