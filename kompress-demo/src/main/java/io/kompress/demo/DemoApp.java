package io.kompress.demo;

import io.kompress.cache.KompressCache;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * The demo's entry point. Without arguments it runs the guided tour; {@code --serve [port]} serves
 * {@code GET /users/{id}} until interrupted. With no {@code REDIS_*} variable set it starts its own primary and
 * two replicas and stops them at exit; any {@code REDIS_*} variable selects the user's Redis.
 */
public final class DemoApp {

    private static final String USAGE = "usage: DemoApp            run the guided tour\n"
        + "       DemoApp --serve [port]  serve GET /users/{id} on 127.0.0.1 (default port 8080)";

    private DemoApp() {
    }

    /**
     * Runs the demo.
     *
     * @param args none, or {@code --serve [port]}
     * @throws Exception when the demo cannot start
     */
    public static void main(String[] args) throws Exception {
        // Route Hibernate Validator's JBoss Logging through SLF4J instead of java.util.logging.
        System.setProperty("org.jboss.logging.provider", "slf4j");
        if (args.length == 0) {
            try (RedisSetup redis = RedisSetup.fromEnvironment(System.getenv())) {
                new Walkthrough(redis, System.out).run();
            } finally {
                KompressCache.setDefault(null);
            }
            return;
        }
        if ("--serve".equals(args[0]) && args.length <= 2) {
            serve(args.length == 2 ? parsePort(args[1]) : 8080);
            return;
        }
        System.err.println("Unknown arguments: " + String.join(" ", args) + "\n" + USAGE);
        System.exit(2);
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
        System.err.println("Invalid port '" + text + "': expected 0 to 65535\n" + USAGE);
        System.exit(2);
        return -1;
    }

    private static void serve(int port) throws IOException, InterruptedException {
        RedisSetup redis = RedisSetup.fromEnvironment(System.getenv());
        KompressCache.setDefault(redis.cache());
        UserHttpServer server = new UserHttpServer(new UserService(new UserDatabase()), port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            redis.close();
            stopped.countDown();
        }, "demo-shutdown"));
        System.out.println("Serving on http://127.0.0.1:" + server.port() + "/users/{id} using " + redis.describe());
        System.out.println("Try: curl -i http://127.0.0.1:" + server.port() + "/users/42   (Ctrl-C stops)");
        stopped.await();
    }
}
