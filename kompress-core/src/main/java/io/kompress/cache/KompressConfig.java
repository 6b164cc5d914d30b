package io.kompress.cache;

import io.kompress.cache.internal.EnvConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Immutable settings of a {@link KompressCache}: where the primary and replicas are, timeouts, pool size and
 * the failure policy.
 *
 * <p>Built once, either from the environment with the variables the Python package uses
 * ({@link #fromEnv()}) or with the {@link #builder()}. Both fail fast: an invalid value throws
 * {@link IllegalArgumentException} naming the variable or setting and the value, at start-up rather than on
 * the first request.
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>Variable</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>{@code REDIS_HOST}</td><td>{@code localhost}</td><td>primary host</td></tr>
 *   <tr><td>{@code REDIS_PORT}</td><td>{@code 6379}</td><td>primary port</td></tr>
 *   <tr><td>{@code REDIS_REPLICAS_HOST_PORT}</td><td>none</td>
 *       <td>comma-separated {@code host:port} replicas; none: the primary serves reads</td></tr>
 *   <tr><td>{@code REDIS_TIMEOUT}</td><td>{@code 5}</td><td>connect and command timeout, seconds</td></tr>
 *   <tr><td>{@code KOMPRESS_POOL_SIZE}</td><td>{@code 16}</td><td>connections per node</td></tr>
 *   <tr><td>{@code KOMPRESS_FAILURE_POLICY}</td><td>{@code fail_open}</td>
 *       <td>{@code fail_open} or {@code throw}, see {@link FailurePolicy}</td></tr>
 *   <tr><td>{@code KOMPRESS_SINGLE_FLIGHT_WAIT}</td><td>{@code 5}</td>
 *       <td>seconds a miss waits for a concurrent load of the same entry; 0 disables</td></tr>
 *   <tr><td>{@code KOMPRESS_MAX_VALUE_BYTES}</td><td>{@code 8388608}</td>
 *       <td>largest cached value read-through parses or writes, see {@link #maxValueBytes()}</td></tr>
 *   <tr><td>{@code REDIS_SENTINELS}, {@code REDIS_SENTINEL_MASTER}</td><td>none</td>
 *       <td>comma-separated Sentinel {@code host:port}s and the master name: discover and follow the primary
 *       and replicas (excludes {@code REDIS_HOST}, {@code REDIS_PORT}, {@code REDIS_REPLICAS_HOST_PORT});
 *       {@code REDIS_SENTINEL_USERNAME}, {@code REDIS_SENTINEL_PASSWORD} for the Sentinels themselves</td></tr>
 *   <tr><td>{@code REDIS_CLUSTER_NODES}, {@code REDIS_CLUSTER_READ_FROM_REPLICAS}</td><td>none, {@code false}
 *       </td><td>Redis Cluster seed nodes and whether reads go to the slot's replicas, see
 *       {@link ClusterOptions}</td></tr>
 *   <tr><td>{@code REDIS_USERNAME}, {@code REDIS_PASSWORD}</td><td>none</td>
 *       <td>ACL user and password, or the password alone ({@code requirepass}), see {@link RedisAuth}</td></tr>
 *   <tr><td>{@code REDIS_SSL}</td><td>{@code false}</td><td>{@code true}: TLS to every node, see
 *       {@link TlsOptions}; {@code REDIS_SSL_CA_CERTS} (PEM) or {@code REDIS_SSL_TRUSTSTORE} (+
 *       {@code _PASSWORD}, {@code _TYPE}), {@code REDIS_SSL_KEYSTORE} (+ {@code _PASSWORD}, {@code _TYPE}),
 *       {@code REDIS_SSL_VERIFY_HOSTNAME}</td></tr>
 * </table>
 */
public final class KompressConfig {

    /** Default primary host. */
    public static final String DEFAULT_HOST = "localhost";
    /** Default primary port. */
    public static final int DEFAULT_PORT = 6379;
    /** Default connect and command timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Default number of pooled connections per node. */
    public static final int DEFAULT_POOL_SIZE = 16;
    /** Default single-flight wait. */
    public static final Duration DEFAULT_SINGLE_FLIGHT_WAIT = Duration.ofSeconds(5);
    /** Default largest cached value read-through parses or writes: 8 MiB. */
    public static final int DEFAULT_MAX_VALUE_BYTES = 8 * 1024 * 1024;
    /** Upper bound of the setting: Redis's own default {@code proto-max-bulk-len}, 512 MiB. */
    public static final int MAX_MAX_VALUE_BYTES = 512 * 1024 * 1024;

    private final RedisEndpoint primary;
    private final List<RedisEndpoint> replicas;
    private final Duration timeout;
    private final int poolSize;
    private final FailurePolicy failurePolicy;
    private final Duration probeInitialDelay;
    private final Duration probeMaxDelay;
    private final Duration singleFlightWait;
    private final Executor executor;
    private final RedisAuth auth;
    private final TlsOptions tls;
    private final int maxValueBytes;
    private final SentinelOptions sentinel;
    private final ClusterOptions cluster;

    private KompressConfig(Builder b) {
        this.primary = b.primary;
        this.replicas = List.copyOf(b.replicas);
        this.timeout = b.timeout;
        this.poolSize = b.poolSize;
        this.failurePolicy = b.failurePolicy;
        this.probeInitialDelay = b.probeInitialDelay;
        this.probeMaxDelay = b.probeMaxDelay;
        this.singleFlightWait = b.singleFlightWait;
        this.executor = b.executor;
        this.auth = b.auth;
        this.tls = b.tls;
        this.maxValueBytes = b.maxValueBytes;
        this.sentinel = b.sentinel;
        this.cluster = b.cluster;
    }

    /**
     * Reads the configuration from {@link System#getenv()}.
     *
     * @return the configuration
     * @throws IllegalArgumentException naming the variable and value when one is invalid
     */
    public static KompressConfig fromEnv() {
        return fromEnv(System.getenv());
    }

    /**
     * Reads the configuration from the given variables (handy in tests and for other config sources).
     *
     * @param env variable names to values; absent names take their defaults
     * @return the configuration
     * @throws IllegalArgumentException naming the variable and value when one is invalid
     */
    public static KompressConfig fromEnv(Map<String, String> env) {
        return EnvConfig.apply(Objects.requireNonNull(env, "env"), builder()).build();
    }

    /**
     * Starts a configuration with every setting at its default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The primary node: all writes go here, and reads when no replica can serve them.
     *
     * @return the primary's address
     */
    public RedisEndpoint primary() {
        return primary;
    }

    /**
     * The replicas reads are spread across, in configuration order.
     *
     * @return an unmodifiable list, empty when the primary serves reads
     */
    public List<RedisEndpoint> replicas() {
        return replicas;
    }

    /**
     * Connect and command timeout per node; also the longest wait for a pooled connection.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Maximum pooled connections per node.
     *
     * @return the pool size
     */
    public int poolSize() {
        return poolSize;
    }

    /**
     * What read-through calls do when Redis cannot serve them, unless a call says otherwise.
     *
     * @return the default policy
     */
    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    /**
     * First delay before a failed replica is probed again; doubles after each failed probe.
     *
     * @return the initial probe delay
     */
    public Duration probeInitialDelay() {
        return probeInitialDelay;
    }

    /**
     * Longest delay between two probes of a failed replica.
     *
     * @return the maximum probe delay
     */
    public Duration probeMaxDelay() {
        return probeMaxDelay;
    }

    /**
     * How long a caller that misses waits for another caller already loading the same entry before loading
     * itself; zero disables single-flight.
     *
     * @return the wait
     */
    public Duration singleFlightWait() {
        return singleFlightWait;
    }

    /**
     * The executor asynchronous lookups run on, or {@code null} for a small pool owned by the cache.
     *
     * @return the executor, or null
     */
    public Executor executor() {
        return executor;
    }

    /**
     * The largest value, in bytes of UTF-8 JSON, that read-through calls parse from the cache or write to it.
     * A larger cached entry is treated as invalid (the loader answers), a larger loaded value is returned
     * without being cached; both are logged once per hash key.
     *
     * @return the limit in bytes
     */
    public int maxValueBytes() {
        return maxValueBytes;
    }

    /**
     * Redis Sentinel settings: when present, the primary and replicas are discovered and followed through
     * failovers instead of configured.
     *
     * @return the settings, or empty for a standalone deployment
     */
    public Optional<SentinelOptions> sentinel() {
        return Optional.ofNullable(sentinel);
    }

    /**
     * Redis Cluster settings: when present, each key's slot decides its shard.
     *
     * @return the settings, or empty when not a cluster
     */
    public Optional<ClusterOptions> cluster() {
        return Optional.ofNullable(cluster);
    }

    /**
     * The credentials every node is authenticated with.
     *
     * @return the credentials, or empty when the servers need none
     */
    public Optional<RedisAuth> auth() {
        return Optional.ofNullable(auth);
    }

    /**
     * TLS for every connection.
     *
     * @return the TLS options, or empty for plain TCP
     */
    public Optional<TlsOptions> tls() {
        return Optional.ofNullable(tls);
    }

    /**
     * A copy of this configuration as a builder, to change a setting or two.
     *
     * @return a builder holding these settings
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        if (sentinel == null && cluster == null) {
            b.primary(primary);
        }
        b.timeout(timeout).poolSize(poolSize)
            .failurePolicy(failurePolicy).probeDelays(probeInitialDelay, probeMaxDelay)
            .singleFlightWait(singleFlightWait).executor(executor).auth(auth).tls(tls)
            .maxValueBytes(maxValueBytes).sentinel(sentinel)
            .cluster(cluster);
        replicas.forEach(b::replica);
        return b;
    }

    @Override
    public String toString() {
        String nodes = sentinel != null ? sentinel.toString() : cluster != null ? cluster.toString()
            : "primary=" + primary + ", replicas=" + replicas;
        return "KompressConfig{" + nodes + ", timeout=" + timeout
            + ", poolSize=" + poolSize + ", failurePolicy=" + failurePolicy + ", singleFlightWait=" + singleFlightWait
            + ", maxValueBytes=" + maxValueBytes + (auth == null ? "" : ", auth=" + auth)
            + (tls == null ? "" : ", tls=" + tls) + '}';
    }

    /**
     * Collects settings and validates each as it is set; {@link #build()} makes the immutable configuration.
     * Not thread-safe; use one builder per configuration.
     */
    public static final class Builder {

        private RedisEndpoint primary = new RedisEndpoint(DEFAULT_HOST, DEFAULT_PORT);
        private final List<RedisEndpoint> replicas = new ArrayList<>();
        private Duration timeout = DEFAULT_TIMEOUT;
        private int poolSize = DEFAULT_POOL_SIZE;
        private FailurePolicy failurePolicy = FailurePolicy.FAIL_OPEN;
        private Duration probeInitialDelay = Duration.ofMillis(100);
        private Duration probeMaxDelay = Duration.ofSeconds(2);
        private Duration singleFlightWait = DEFAULT_SINGLE_FLIGHT_WAIT;
        private Executor executor;
        private RedisAuth auth;
        private TlsOptions tls;
        private int maxValueBytes = DEFAULT_MAX_VALUE_BYTES;
        private boolean primarySet;
        private SentinelOptions sentinel;
        private ClusterOptions cluster;

        private Builder() {
        }

        /**
         * Sets the primary.
         *
         * @param host host name or address
         * @param port port, 1 to 65535
         * @return this builder
         * @throws IllegalArgumentException when the host is blank or the port out of range
         */
        public Builder primary(String host, int port) {
            return primary(new RedisEndpoint(host, port));
        }

        /**
         * Sets the primary.
         *
         * @param endpoint the primary's address
         * @return this builder
         */
        public Builder primary(RedisEndpoint endpoint) {
            this.primary = Objects.requireNonNull(endpoint, "primary");
            this.primarySet = true;
            return this;
        }

        /**
         * Discovers the primary and replicas from Redis Sentinel, and follows them through failovers, instead of
         * configuring them.
         *
         * @param sentinel the Sentinel settings, or null for a standalone deployment
         * @return this builder
         */
        public Builder sentinel(SentinelOptions sentinel) {
            this.sentinel = sentinel;
            return this;
        }

        /**
         * Routes each key to its Redis Cluster shard instead of a configured primary.
         *
         * @param cluster the cluster settings, or null when not a cluster
         * @return this builder
         */
        public Builder cluster(ClusterOptions cluster) {
            this.cluster = cluster;
            return this;
        }

        /**
         * Adds a replica to spread reads across.
         *
         * @param host host name or address
         * @param port port, 1 to 65535
         * @return this builder
         * @throws IllegalArgumentException when the address is invalid or already added
         */
        public Builder replica(String host, int port) {
            return replica(new RedisEndpoint(host, port));
        }

        /**
         * Adds a replica to spread reads across.
         *
         * @param endpoint the replica's address
         * @return this builder
         * @throws IllegalArgumentException when the replica was already added
         */
        public Builder replica(RedisEndpoint endpoint) {
            Objects.requireNonNull(endpoint, "replica");
            if (replicas.contains(endpoint)) {
                throw new IllegalArgumentException("replica " + endpoint + " is listed twice");
            }
            replicas.add(endpoint);
            return this;
        }

        /**
         * Removes every replica added so far, so the primary serves reads.
         *
         * @return this builder
         */
        public Builder noReplicas() {
            replicas.clear();
            return this;
        }

        /**
         * Sets the connect and command timeout.
         *
         * @param timeout at least 1 ms and at most {@link Integer#MAX_VALUE} ms
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder timeout(Duration timeout) {
            this.timeout = requireMillis("timeout", timeout);
            return this;
        }

        /**
         * Sets the maximum number of pooled connections per node.
         *
         * @param poolSize 1 to 10 000
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder poolSize(int poolSize) {
            if (poolSize < 1 || poolSize > 10_000) {
                throw new IllegalArgumentException("poolSize must be between 1 and 10000, got " + poolSize);
            }
            this.poolSize = poolSize;
            return this;
        }

        /**
         * Sets what read-through calls do when Redis cannot serve them.
         *
         * @param policy the default policy
         * @return this builder
         */
        public Builder failurePolicy(FailurePolicy policy) {
            this.failurePolicy = Objects.requireNonNull(policy, "failurePolicy");
            return this;
        }

        /**
         * Sets how often a failed replica is probed: first after {@code initial}, then doubling up to
         * {@code max}.
         *
         * @param initial first probe delay, at least 1 ms
         * @param max     longest probe delay, not less than {@code initial}
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder probeDelays(Duration initial, Duration max) {
            Duration i = requireMillis("probe initial delay", initial);
            Duration m = requireMillis("probe max delay", max);
            if (m.compareTo(i) < 0) {
                throw new IllegalArgumentException("probe max delay " + m + " is shorter than the initial " + i);
            }
            this.probeInitialDelay = i;
            this.probeMaxDelay = m;
            return this;
        }

        /**
         * Sets how long a caller that misses waits for another caller already loading the same entry (in this
         * JVM) before loading itself.
         *
         * @param wait zero to disable single-flight, else up to {@link Integer#MAX_VALUE} ms
         * @return this builder
         * @throws IllegalArgumentException when negative or too long
         */
        public Builder singleFlightWait(Duration wait) {
            Objects.requireNonNull(wait, "singleFlightWait");
            this.singleFlightWait = wait.isZero() ? Duration.ZERO : requireMillis("singleFlightWait", wait);
            return this;
        }

        /**
         * Sets the executor asynchronous lookups ({@code hgetLAsync}, {@code CompletableFuture} methods) run
         * on. The application owns it: closing the cache does not shut it down.
         *
         * @param executor the executor, or {@code null} for a pool owned by the cache
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /**
         * Sets the largest value read-through calls parse from the cache or write to it.
         *
         * @param bytes 1 to {@link #MAX_MAX_VALUE_BYTES}
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder maxValueBytes(int bytes) {
            if (bytes < 1 || bytes > MAX_MAX_VALUE_BYTES) {
                throw new IllegalArgumentException("maxValueBytes must be between 1 and " + MAX_MAX_VALUE_BYTES
                    + ", got " + bytes);
            }
            this.maxValueBytes = bytes;
            return this;
        }

        /**
         * Sets the credentials every node (primary and replicas) is authenticated with.
         *
         * @param auth the credentials, or null when the servers need none
         * @return this builder
         */
        public Builder auth(RedisAuth auth) {
            this.auth = auth;
            return this;
        }

        /**
         * Connects to every node over TLS.
         *
         * @param tls the TLS options (see {@link TlsOptions#defaults()}), or null for plain TCP
         * @return this builder
         */
        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Makes the immutable configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException when a replica is the primary itself
         */
        public KompressConfig build() {
            if ((sentinel != null || cluster != null) && (primarySet || !replicas.isEmpty())) {
                throw new IllegalArgumentException("with Sentinel or Cluster the nodes are discovered; do not also "
                    + "set a primary or replicas (REDIS_HOST, REDIS_PORT, REDIS_REPLICAS_HOST_PORT)");
            }
            if (sentinel != null && cluster != null) {
                throw new IllegalArgumentException("Sentinel and Cluster are two deployments; configure one "
                    + "(REDIS_SENTINELS or REDIS_CLUSTER_NODES)");
            }
            if (replicas.contains(primary)) {
                throw new IllegalArgumentException("replica " + primary + " is the primary; the primary already "
                    + "serves reads when no replica can, so list replicas only");
            }
            return new KompressConfig(this);
        }

        private static final Duration MIN_MILLIS = Duration.ofMillis(1);
        private static final Duration MAX_MILLIS = Duration.ofMillis(Integer.MAX_VALUE);

        private static Duration requireMillis(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.compareTo(MIN_MILLIS) < 0 || d.compareTo(MAX_MILLIS) > 0) {
                throw new IllegalArgumentException(name + " must be between 1 ms and " + Integer.MAX_VALUE
                    + " ms, got " + d);
            }
            return d;
        }
    }
}
