package io.kompress.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * Finds a {@code redis-server} to start: the path in {@code KOMPRESS_REDIS_SERVER} when set, else
 * {@code redis-server} on the {@code PATH}, else the binary the {@code embedded-redis} artifact ships (Redis
 * 6.2), extracted once per JVM. So the tests and the demo run on a machine that has only a JDK and Maven.
 *
 * <p>{@code KOMPRESS_REDIS_SERVER=embedded} forces the shipped binary, to exercise that path where a system
 * Redis is installed.
 */
public final class RedisBinary {

    /** Environment variable overriding which binary is used: a path, or {@code embedded}. */
    public static final String ENV = "KOMPRESS_REDIS_SERVER";
    /** Environment variable pinning servers to CPUs with {@code taskset -c}, such as {@code 1}; for benchmarks. */
    public static final String CPUS_ENV = "KOMPRESS_REDIS_CPUS";

    private static volatile Path resolved;
    private static volatile String source;

    private RedisBinary() {
    }

    /**
     * The binary to run.
     *
     * @return an executable path
     * @throws IllegalStateException when none can be found or extracted
     */
    public static Path path() {
        Path p = resolved;
        if (p == null) {
            synchronized (RedisBinary.class) {
                if (resolved == null) {
                    resolve();
                    System.out.println("kompress-test-support: using redis-server from " + source);
                }
                p = resolved;
            }
        }
        return p;
    }

    /**
     * Where the binary came from, for reports: {@code PATH (/usr/bin/redis-server)}, {@code embedded ...}.
     *
     * @return a description
     */
    public static String description() {
        path();
        return source;
    }

    /**
     * What to run the binary under: {@code taskset -c CPUS} when {@code KOMPRESS_REDIS_CPUS} is set, so a
     * benchmark keeps Redis off the client's CPUs; nothing otherwise.
     *
     * @return the command prefix, possibly empty
     * @throws IllegalStateException when the variable is set but malformed or taskset is missing
     */
    public static List<String> launcherPrefix() {
        String cpus = System.getenv(CPUS_ENV);
        if (cpus == null || cpus.isBlank()) {
            return List.of();
        }
        if (!cpus.trim().matches("[0-9]+([,-][0-9]+)*")) {
            throw new IllegalStateException("Invalid " + CPUS_ENV + "='" + cpus
                + "': expected a CPU list such as 1 or 1-2");
        }
        Path taskset = findOnPath("taskset");
        if (taskset == null) {
            throw new IllegalStateException(CPUS_ENV
                + " is set but taskset is not on PATH (apt-get install util-linux)");
        }
        return List.of(taskset.toString(), "-c", cpus.trim());
    }

    private static void resolve() {
        String override = System.getenv(ENV);
        if (override != null && !override.isBlank() && !"embedded".equalsIgnoreCase(override.trim())) {
            Path p = Path.of(override.trim());
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException("Invalid " + ENV + "='" + override + "': not an executable file");
            }
            resolved = p;
            source = ENV + " (" + p + ")";
            return;
        }
        if (override == null || override.isBlank()) {
            Path onPath = findOnPath("redis-server");
            if (onPath != null) {
                resolved = onPath;
                source = "PATH (" + onPath + ")";
                return;
            }
        }
        resolved = extractEmbedded();
    }

    private static Path findOnPath(String name) {
        String pathVar = System.getenv("PATH");
        if (pathVar == null) {
            return null;
        }
        for (String dir : pathVar.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static Path extractEmbedded() {
        String resource = embeddedResourceName();
        try (InputStream in = RedisBinary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No redis-server on PATH and no embedded binary '" + resource
                    + "' on the classpath; install redis-server (apt-get install redis-server)");
            }
            Path dir = Files.createTempDirectory("kompress-redis-bin");
            dir.toFile().deleteOnExit(); // registered first, so deleted last: after the binary inside it
            Path target = dir.resolve("redis-server");
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            if (!target.toFile().setExecutable(true)) {
                throw new IllegalStateException("cannot make " + target + " executable");
            }
            target.toFile().deleteOnExit();
            source = "embedded (" + resource + " from embedded-redis)";
            return target;
        } catch (IOException e) {
            throw new IllegalStateException("cannot extract the embedded redis-server", e);
        }
    }

    private static String embeddedResourceName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean arm = arch.contains("aarch64") || arch.contains("arm");
        if (os.contains("linux")) {
            return arm ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64";
        }
        if (os.contains("mac")) {
            return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
        }
        throw new IllegalStateException("No embedded redis-server for " + os + "/" + arch
            + "; install redis-server and put it on PATH");
    }
}
