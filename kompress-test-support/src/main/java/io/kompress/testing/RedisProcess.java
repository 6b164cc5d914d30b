package io.kompress.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * One real {@code redis-server} process on 127.0.0.1, with the controls a fault test needs: {@link #kill()}
 * (SIGKILL), {@link #pause()} / {@link #resume()} (SIGSTOP / SIGCONT, so clients time out), and
 * {@link #restart()} on the same port with an empty dataset.
 *
 * <p>Persistence is off, logs go to a temporary directory, and every process is registered for clean-up at
 * JVM exit as well as by {@link #close()}.
 */
public final class RedisProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final int port;
    private final List<String> extraArgs;
    private final Path dir;
    private final String configFile;
    private Process process;
    private boolean paused;

    private RedisProcess(int port, List<String> extraArgs, String configText) {
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
        try {
            this.dir = Files.createTempDirectory("kompress-redis-" + port);
            if (configText != null) {
                Path conf = dir.resolve("redis.conf");
                Files.writeString(conf, configText, StandardCharsets.UTF_8);
                this.configFile = conf.toString();
            } else {
                this.configFile = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a server on a free port and waits until it answers PING.
     *
     * @param extraArgs further {@code redis-server} arguments, such as {@code --replicaof 127.0.0.1 7000}
     * @return the running server
     */
    public static RedisProcess start(String... extraArgs) {
        return start(FreePorts.next(), List.of(extraArgs));
    }

    /**
     * Starts a server on the given port and waits until it answers PING.
     *
     * @param port      the port
     * @param extraArgs further {@code redis-server} arguments
     * @return the running server
     */
    public static RedisProcess start(int port, List<String> extraArgs) {
        RedisProcess p = new RedisProcess(port, extraArgs, null);
        p.launch();
        return p;
    }

    /**
     * Starts a Redis Sentinel on a free port, from a writable configuration file (Sentinel rewrites it), and
     * waits until it answers PING.
     *
     * @param configText the Sentinel configuration, such as {@code sentinel monitor ...} lines
     * @return the running Sentinel
     */
    public static RedisProcess startSentinel(String configText) {
        RedisProcess p = new RedisProcess(FreePorts.next(), List.of("--sentinel"), configText);
        p.launch();
        return p;
    }

    /**
     * The port the server listens on.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The host the server listens on.
     *
     * @return {@code 127.0.0.1}
     */
    public String host() {
        return "127.0.0.1";
    }

    /**
     * The address as {@code 127.0.0.1:port}.
     *
     * @return the address
     */
    public String address() {
        return host() + ":" + port;
    }

    /**
     * The operating-system process id.
     *
     * @return the pid
     */
    public synchronized long pid() {
        return process.pid();
    }

    /**
     * Whether the process is alive (a paused process is alive).
     *
     * @return true when running or paused
     */
    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /**
     * Whether the process was stopped with {@link #pause()} and not resumed.
     *
     * @return true when paused
     */
    public synchronized boolean isPaused() {
        return paused;
    }

    /** Kills the process with SIGKILL: open connections are reset, new ones refused. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitForExit();
        }
        paused = false;
        ProcessRegistry.forget(process);
    }

    /** Stops the process with SIGSTOP: connections stay open but nothing answers, so clients time out. */
    public synchronized void pause() {
        signal("STOP");
        paused = true;
    }

    /** Continues a paused process with SIGCONT. */
    public synchronized void resume() {
        signal("CONT");
        paused = false;
    }

    /** Kills the process if it runs and starts a new one on the same port with the same arguments. */
    public synchronized void restart() {
        kill();
        launch();
    }

    /**
     * Opens a new admin connection; close it after use.
     *
     * @return a connection with a 5 s timeout
     */
    public Jedis connect() {
        return new Jedis(new HostAndPort(host(), port),
            DefaultJedisClientConfig.builder().timeoutMillis(5000).build());
    }

    /**
     * Runs {@code INFO section}.
     *
     * @param section such as {@code replication} or {@code commandstats}
     * @return the reply
     */
    public String info(String section) {
        try (Jedis j = connect()) {
            return j.info(section);
        }
    }

    /**
     * How many times a command ran on this server since it started, from {@code INFO commandstats}.
     *
     * @param command lower-case command name, such as {@code hget}
     * @return the call count, 0 when never called
     */
    public long commandCalls(String command) {
        String prefix = "cmdstat_" + command + ":calls=";
        for (String line : info("commandstats").split("\r?\n")) {
            if (line.startsWith(prefix)) {
                int end = line.indexOf(',', prefix.length());
                return Long.parseLong(line.substring(prefix.length(), end < 0 ? line.length() : end));
            }
        }
        return 0;
    }

    /**
     * Whether this server expires hash fields itself ({@code HPEXPIRE}: Redis 7.4+, Valkey 9+).
     *
     * @return true when it has per-field expiry
     */
    public boolean hasFieldExpiry() {
        try (Jedis j = connect()) {
            Object info = j.sendCommand(Protocol.Command.COMMAND, "INFO", "HPEXPIRE");
            return info instanceof List<?> l && !l.isEmpty() && l.get(0) != null;
        }
    }

    /**
     * The server's name and version from {@code INFO server}, such as {@code redis 7.0.15} or {@code valkey 9.1.2}.
     *
     * @return the name and version
     */
    public String serverVersion() {
        String redis = null;
        String valkey = null;
        for (String line : info("server").split("\r?\n")) {
            if (line.startsWith("redis_version:")) {
                redis = line.substring("redis_version:".length()).strip();
            } else if (line.startsWith("valkey_version:")) {
                valkey = line.substring("valkey_version:".length()).strip();
            }
        }
        return valkey != null ? "valkey " + valkey : "redis " + redis;
    }

    /**
     * The last lines of the server's log, for failure messages.
     *
     * @return up to 20 lines
     */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("redis.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the process (resuming it first if paused) and deletes its directory. */
    @Override
    public synchronized void close() {
        if (paused) {
            resume();
        }
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    waitForExit();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        ProcessRegistry.forget(process);
        deleteDir();
    }

    private void launch() {
        List<String> cmd = new ArrayList<>(RedisBinary.launcherPrefix());
        cmd.add(RedisBinary.path().toString());
        if (configFile != null) {
            cmd.add(configFile); // must come first; Sentinel rewrites it
            cmd.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1", "--daemonize", "no",
                "--dir", dir.toString()));
        } else {
            // A replica with no data loads the primary's snapshot from the socket: Valkey 9 otherwise writes it to
            // disk in a background thread that its main thread notices at its next once-a-second tick, a second
            // more per sync (every group start and replica restart on Valkey). A test may still ask for disk loads.
            cmd.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString(),
                "--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0",
                "--repl-diskless-load", "on-empty-db"));
        }
        cmd.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", cmd), e);
        }
        ProcessRegistry.register(process);
        awaitReady();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited with "
                    + process.exitValue() + ":\n" + logTail());
            }
            try (Jedis j = new Jedis(new HostAndPort(host(), port),
                DefaultJedisClientConfig.builder().timeoutMillis(500).build())) {
                if ("PONG".equals(j.ping())) {
                    return;
                }
            } catch (JedisDataException e) {
                return; // it listens and replies, if only LOADING or MASTERDOWN: the process is up
            } catch (RuntimeException e) {
                last = e;
            }
            sleep(20);
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
            + START_TIMEOUT + ":\n" + logTail(), last);
    }

    private void signal(String name) {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("sh", "-c", "kill -" + name + " " + process.pid())
                .redirectErrorStream(true).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling", e);
        }
    }

    private void waitForExit() {
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deleteDir() {
        Commands.deleteTree(dir);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "redis-server " + address();
    }
}
