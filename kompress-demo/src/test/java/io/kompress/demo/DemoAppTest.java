package io.kompress.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.testing.FreePorts;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The demo's command line, run as a user runs it, in a child JVM: {@code --help}, and one clear line with a
 * non-zero status for a bad argument, a bad configuration value and a configured Redis that does not answer (after
 * the library's own WARN about it).
 */
class DemoAppTest {

    /** What a child JVM printed and how it ended. */
    private record Run(int status, String out, String err) {
    }

    private static Run demo(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
            DemoApp.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(name -> name.startsWith("REDIS_") || name.startsWith("KOMPRESS_"));
        pb.environment().putAll(env);
        pb.redirectOutput(File.createTempFile("demo", ".out"));
        pb.redirectError(File.createTempFile("demo", ".err"));
        Process child = pb.start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the demo did not exit");
        return new Run(child.exitValue(),
            java.nio.file.Files.readString(pb.redirectOutput().file().toPath(), StandardCharsets.UTF_8),
            java.nio.file.Files.readString(pb.redirectError().file().toPath(), StandardCharsets.UTF_8));
    }

    private static void assertOneLine(Run run, int status, String... parts) {
        assertEquals(status, run.status(), run.err());
        assertEquals(1, run.err().lines().count(), "one line on stderr:\n" + run.err());
        assertTrue(run.err().startsWith("kompress demo: "), run.err());
        for (String part : parts) {
            assertTrue(run.err().contains(part), run.err());
        }
        assertEquals("", run.out());
    }

    @Test
    void helpPrintsUsageAndExitsZero() throws Exception {
        Run run = demo(Map.of(), "--help");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("--serve [port]") && run.out().contains("REDIS_HOST"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void badArgumentsAreOneLineAndStatusTwo() throws Exception {
        assertOneLine(demo(Map.of(), "--bogus"), 2, "unknown arguments: --bogus", "--help");
        assertOneLine(demo(Map.of(), "--serve", "99999"), 2, "invalid port '99999'");
    }

    @Test
    void badConfigurationNamesTheVariableAndValueInOneLine() throws Exception {
        assertOneLine(demo(Map.of("REDIS_PORT", "sixty")), 2, "configuration error", "REDIS_PORT", "sixty");
        assertOneLine(demo(Map.of("REDIS_HOST", "127.0.0.1", "REDIS_TIMEOUT", "-1")), 2, "REDIS_TIMEOUT", "-1");
    }

    @Test
    void aConfiguredRedisThatDoesNotAnswerIsOneLineAndStatusOne() throws Exception {
        int port = FreePorts.next(); // nothing listens there; loopback only
        Run run = demo(Map.of("REDIS_HOST", "127.0.0.1", "REDIS_PORT", String.valueOf(port), "REDIS_TIMEOUT", "1"));
        assertEquals(1, run.status(), run.err());
        List<String> lines = run.err().lines().toList();
        // The library's own WARN (the demo's SLF4J binding shows WARN and above) may come first; then the demo's.
        assertTrue(lines.size() <= 2, run.err());
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("kompress demo: the configured Redis does not answer: ")
            && last.contains("127.0.0.1:" + port), run.err());
        assertEquals("", run.out());
    }

    @Test
    void redisModeRunsALocalRedisUntilStoppedAndSaysHowToUseIt() throws Exception {
        int port = FreePorts.next();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
            DemoApp.class.getName(), "--redis", String.valueOf(port));
        File out = File.createTempFile("demo-redis", ".out");
        Process child = new ProcessBuilder(command).redirectOutput(out).redirectErrorStream(true).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String printed = "";
            while (!printed.contains("export REDIS_HOST=127.0.0.1 REDIS_PORT=" + port)) {
                assertTrue(System.nanoTime() < deadline && child.isAlive(), "no export line: " + printed);
                Thread.sleep(50); // polling the child's output file; the child has no other signal
                printed = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            }
            try (Jedis redis = new Jedis("127.0.0.1", port)) {
                assertEquals("PONG", redis.ping());
            }
        } finally {
            child.destroy(); // SIGTERM: the shutdown hook stops the server
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the demo did not exit");
        }
        try (Socket socket = new Socket()) {
            assertThrows(IOException.class, () -> socket.connect(new InetSocketAddress("127.0.0.1", port), 1000),
                "the server stopped with the demo");
        }
    }
}
