package io.kompress.cache.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.testing.FreePorts;
import io.kompress.testing.RedisGroup;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sealed module as a module-path application sees it: it compiles and runs against the API with real
 * Redis, and neither the compiler nor reflection lets it reach an internal class.
 */
class ModulePathTest {

    /** The modules a Kompress application resolves at run time, found on this test's class path. */
    private static final Set<String> RUNTIME = Set.of("io.kompress.cache", "io.kompress.annotations",
        "redis.clients.jedis", "org.apache.commons.pool2", "org.json", "com.google.gson", "jakarta.validation",
        "org.hibernate.validator", "org.jboss.logging", "com.fasterxml.classmate", "org.slf4j", "org.jspecify",
        "jakarta.el", "org.glassfish.expressly", "com.github.benmanes.caffeine");

    private static final String MODULE = """
        module consumer {
            requires io.kompress.cache;
            opens consumer to com.google.gson, io.kompress.cache, org.hibernate.validator;
        }
        """;

    private static final String MAIN = """
        package consumer;

        import io.kompress.cache.KompressCache;
        import io.kompress.cache.config.KompressConfig;
        import io.kompress.cache.errors.KompressCacheException;
        import java.time.Duration;
        import jakarta.validation.constraints.NotBlank;

        public final class Main {
            public record User(int id, @NotBlank String name) {
            }

            public static void main(String[] args) throws Exception {
                KompressConfig config = KompressConfig.builder().primary("127.0.0.1", Integer.parseInt(args[0]))
                    .build();
                int[] loads = {0};
                try (KompressCache cache = KompressCache.create(config)) {
                    for (int i = 0; i < 2; i++) {
                        User u = cache.hgetL("module-users", "1", () -> {
                            loads[0]++;
                            return new User(1, "Ada");
                        }, User.class);
                        System.out.println("user " + u.name());
                    }
                }
                System.out.println("loads " + loads[0]);
                KompressConfig dead = KompressConfig.builder().primary("127.0.0.1", Integer.parseInt(args[1]))
                    .timeout(Duration.ofMillis(500)).build();
                try (KompressCache cache = KompressCache.createChecked(dead)) {
                    System.out.println("dead: answered");
                } catch (KompressCacheException e) {
                    System.out.println("dead: " + e.statusCode());
                }
                try {
                    Class.forName("io.kompress.cache.internal.engine.DefaultKompressCache")
                        .getConstructor(KompressConfig.class).newInstance(config);
                    System.out.println("internal: reachable");
                } catch (IllegalAccessException e) {
                    System.out.println("internal: inaccessible");
                }
            }
        }
        """;

    private static final String SNEAKY = """
        package consumer;

        final class Sneaky {
            Object engine = io.kompress.cache.internal.engine.DefaultKompressCache.class;
        }
        """;

    @Test
    void aModulePathApplicationUsesTheApiAndCannotReachInternals(@TempDir Path dir) throws Exception {
        String modulePath = runtimeModulePath();
        Path src = dir.resolve("src/consumer");
        Files.createDirectories(src);
        Files.writeString(dir.resolve("src/module-info.java"), MODULE);
        Files.writeString(src.resolve("Main.java"), MAIN);
        Path out = dir.resolve("out");
        assertEquals("", compile(modulePath, out, dir.resolve("src/module-info.java"), src.resolve("Main.java")),
            "the API compiles on the module path");

        Files.writeString(src.resolve("Sneaky.java"), SNEAKY);
        String refused = compile(modulePath, dir.resolve("out2"), dir.resolve("src/module-info.java"),
            src.resolve("Main.java"), src.resolve("Sneaky.java"));
        assertTrue(refused.contains("package io.kompress.cache.internal.engine is not visible")
            && refused.contains("declared in module io.kompress.cache, which does not export it"), refused);

        try (RedisGroup redis = RedisGroup.start(0)) {
            String output = run(modulePath + File.pathSeparator + out, String.valueOf(redis.primary().port()),
                String.valueOf(FreePorts.next()));
            assertTrue(output.contains("user Ada\nuser Ada\nloads 1\n"), "second call is a hit: " + output);
            assertTrue(output.contains("internal: inaccessible"), output);
            assertTrue(output.contains("dead: 503"), "the engine creates the API's errors on the module path: "
                + output);
        }
    }

    private static String runtimeModulePath() {
        List<String> entries = new ArrayList<>();
        String all = String.join(File.pathSeparator, System.getProperty("java.class.path", ""),
            System.getProperty("jdk.module.path", ""), System.getProperty("surefire.test.class.path", ""));
        for (String entry : all.split(File.pathSeparator)) {
            if (entry.isEmpty() || entries.contains(entry)) {
                continue;
            }
            String name = moduleName(Paths.get(entry));
            if (name != null && RUNTIME.contains(name)) {
                entries.add(entry);
            }
        }
        Set<String> found = entries.stream().map(e -> moduleName(Paths.get(e))).collect(Collectors.toSet());
        assertTrue(found.contains("io.kompress.cache") && found.contains("redis.clients.jedis"), "found " + found);
        return String.join(File.pathSeparator, entries);
    }

    private static String moduleName(Path entry) {
        if (!Files.exists(entry)) {
            return null;
        }
        try {
            Set<ModuleReference> refs = ModuleFinder.of(entry).findAll();
            return refs.size() == 1 ? refs.iterator().next().descriptor().name() : null;
        } catch (FindException e) {
            return null; // not usable as a module (no derivable name)
        }
    }

    private static String compile(String modulePath, Path out, Path... sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--module-path", modulePath, "--class-path", out.toString(),
            "-d", out.toString(), "-Xlint:-options"));
        for (Path s : sources) {
            args.add(s.toString());
        }
        int rc = javac.run(null, err, err, args.toArray(String[]::new));
        String messages = err.toString(StandardCharsets.UTF_8);
        assertEquals(rc == 0, messages.isEmpty() || !messages.contains("error"), messages);
        return rc == 0 ? "" : messages;
    }

    private static String run(String modulePath, String port, String deadPort)
        throws IOException, InterruptedException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--module-path", modulePath,
            "--add-modules", "ALL-MODULE-PATH", "-m", "consumer/consumer.Main", port, deadPort)
            .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "consumer finished");
        assertEquals(0, p.exitValue(), output);
        return output;
    }
}
