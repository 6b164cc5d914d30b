package io.kompress.cache.config;

import io.kompress.cache.KompressCache;
import io.kompress.cache.internal.Implementations;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Immutable settings of a {@link KompressCache}: where the nodes are, timeouts, pools, policies, near cache.
 *
 * <p>Built once, from the environment with the variables the Python package uses ({@link #fromEnv()}, listed with
 * their defaults in the README's configuration table) or with the {@link #builder()}. Both fail fast: an invalid
 * value throws {@link IllegalArgumentException} naming the variable or setting and the value, at start-up.
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

    private final Deployment deployment;
    private final Duration timeout;
    private final int poolSize;
    private final FailurePolicy failurePolicy;
    private final Duration probeInitialDelay;
    private final Duration probeMaxDelay;
    private final Duration singleFlightWait;
    private final Duration sweepInterval;
    private final @Nullable Executor executor;
    private final RedisAuth auth;
    private final TlsOptions tls;
    private final int maxValueBytes;
    private final Clock clock;
    private final ReplicaReads replicaReads;
    private final NearCacheOptions nearCache;

    private KompressConfig(Builder b) {
        this.deployment = b.deployment();
        this.timeout = b.timeout;
        this.poolSize = b.poolSize;
        this.failurePolicy = b.failurePolicy;
        this.probeInitialDelay = b.probeInitialDelay;
        this.probeMaxDelay = b.probeMaxDelay;
        this.singleFlightWait = b.singleFlightWait;
        this.sweepInterval = b.sweepInterval;
        this.executor = b.executor;
        this.auth = b.auth;
        this.tls = b.tls;
        this.maxValueBytes = b.maxValueBytes;
        this.clock = b.clock;
        this.replicaReads = b.replicaReads;
        this.nearCache = b.nearCache;
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
        return Implementations.configFromEnv(env);
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
     * Where the nodes come from: standalone, Sentinel or Cluster.
     *
     * @return the deployment
     */
    public Deployment deployment() {
        return deployment;
    }

    /**
     * How reads choose among healthy replicas: by latency (default) or at random, optionally preferring some.
     *
     * @return the settings
     */
    public ReplicaReads replicaReads() {
        return replicaReads;
    }

    /**
     * The near cache's memory bound and heartbeat ({@link NearCacheOptions#defaults()} unless set).
     *
     * @return the options
     */
    public NearCacheOptions nearCache() {
        return nearCache;
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
     * Calls in flight per node, and connections kept open per node (a few more may open for a moment, for health
     * probes and while reset connections close, so that a call never waits for one the pool cannot hand out).
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
     * How long a missing caller waits for another one loading the same entry; zero disables single-flight.
     *
     * @return the wait
     */
    public Duration singleFlightWait() {
        return singleFlightWait;
    }

    /**
     * How often hashes are swept of expired entries on servers without per-field expiry (before 7.4); 0 is off.
     *
     * @return the interval
     */
    public Duration sweepInterval() {
        return sweepInterval;
    }

    /**
     * The executor asynchronous lookups run on, or {@code null} for a small pool owned by the cache.
     *
     * @return the executor, or null
     */
    public @Nullable Executor executor() {
        return executor;
    }

    /**
     * The largest value, in bytes of UTF-8 JSON, that read-through parses or writes: a larger cached entry is
     * invalid (the loader answers), a larger loaded value is returned uncached; both logged once per hash key.
     *
     * @return the limit in bytes
     */
    public int maxValueBytes() {
        return maxValueBytes;
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
     * The wall clock of entry expiry: real UTC time in production (every JVM compares stored epoch milliseconds
     * with its own), a clock they move in tests.
     *
     * @return the clock, {@link Clock#systemUTC()} unless set
     */
    public Clock clock() {
        return clock;
    }

    /**
     * A copy of this configuration as a builder, to change a setting or two.
     *
     * @return a builder holding these settings
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.deployment(deployment);
        b.timeout(timeout).poolSize(poolSize)
            .failurePolicy(failurePolicy).probeDelays(probeInitialDelay, probeMaxDelay)
            .singleFlightWait(singleFlightWait).sweepInterval(sweepInterval).executor(executor).auth(auth).tls(tls)
            .maxValueBytes(maxValueBytes).clock(clock).replicaReads(replicaReads).nearCache(nearCache);
        return b;
    }

    @Override
    public String toString() {
        return "KompressConfig{" + deployment + ", timeout=" + timeout
            + ", poolSize=" + poolSize + ", failurePolicy=" + failurePolicy + ", singleFlightWait=" + singleFlightWait
            + ", maxValueBytes=" + maxValueBytes + ", replicaReads=" + replicaReads + ", " + nearCache
            + (auth == null ? "" : ", auth=" + auth) + (tls == null ? "" : ", tls=" + tls) + '}';
    }

    /**
     * Collects settings and validates each as it is set; {@link #build()} makes the immutable configuration.
     * Not thread-safe; use one builder per configuration.
     */
    public static final class Builder {

        private RedisEndpoint primary;
        private final List<RedisEndpoint> replicas = new ArrayList<>();
        private Duration timeout = DEFAULT_TIMEOUT;
        private int poolSize = DEFAULT_POOL_SIZE;
        private FailurePolicy failurePolicy = FailurePolicy.FAIL_OPEN;
        private Duration probeInitialDelay = Duration.ofMillis(100);
        private Duration probeMaxDelay = Duration.ofSeconds(2);
        private Duration singleFlightWait = DEFAULT_SINGLE_FLIGHT_WAIT;
        private Duration sweepInterval = Duration.ofMinutes(1);
        private Executor executor;
        private RedisAuth auth;
        private TlsOptions tls;
        private int maxValueBytes = DEFAULT_MAX_VALUE_BYTES;
        private SentinelOptions sentinel;
        private ClusterOptions cluster;
        private Clock clock = Clock.systemUTC();
        private ReplicaReads replicaReads = ReplicaReads.defaults();
        private NearCacheOptions nearCache = NearCacheOptions.defaults();

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
            this.primary = new RedisEndpoint(host, port);
            return this;
        }

        /** Sets the whole deployment at once, replacing any primary, replicas, Sentinel or Cluster set before. */
        private Builder deployment(Deployment deployment) {
            StandaloneOptions s = Objects.requireNonNull(deployment, "deployment") instanceof StandaloneOptions o
                ? o : null;
            primary = s == null ? null : s.primary();
            replicas.clear();
            replicas.addAll(s == null ? List.of() : s.replicas());
            sentinel = deployment instanceof SentinelOptions o ? o : null;
            cluster = deployment instanceof ClusterOptions o ? o : null;
            return this;
        }

        /**
         * Discovers the primary and replicas from Redis Sentinel, and follows them through failovers, instead of
         * configuring them.
         *
         * @param sentinel the Sentinel settings, or null for a standalone deployment
         * @return this builder
         */
        public Builder sentinel(@Nullable SentinelOptions sentinel) {
            this.sentinel = sentinel;
            return this;
        }

        /**
         * Routes each key to its Redis Cluster shard instead of a configured primary.
         *
         * @param cluster the cluster settings, or null when not a cluster
         * @return this builder
         */
        public Builder cluster(@Nullable ClusterOptions cluster) {
            this.cluster = cluster;
            return this;
        }

        /**
         * Adds a replica to spread reads across.
         *
         * @param host host name or address
         * @param port port, 1 to 65535
         * @return this builder
         * @throws IllegalArgumentException when the address is invalid
         */
        public Builder replica(String host, int port) {
            replicas.add(new RedisEndpoint(host, port));
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
            this.timeout = ConfigChecks.millis("timeout", timeout);
            return this;
        }

        /**
         * Sets how many calls may be in flight per node, each on a pooled connection; callers beyond it wait in
         * line, first come first served, for up to the timeout. See {@link #poolSize()}.
         *
         * @param poolSize 1 to 10 000
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder poolSize(int poolSize) {
            this.poolSize = ConfigChecks.range("poolSize", poolSize, 1, 10_000);
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
            Duration i = ConfigChecks.millis("probe initial delay", initial);
            Duration m = ConfigChecks.millis("probe max delay", max);
            if (m.compareTo(i) < 0) {
                throw new IllegalArgumentException("probe max delay " + m + " is shorter than the initial " + i);
            }
            this.probeInitialDelay = i;
            this.probeMaxDelay = m;
            return this;
        }

        /**
         * Sets how long a missing caller waits for another one in this JVM loading the same entry.
         *
         * @param wait zero to disable single-flight, else up to {@link Integer#MAX_VALUE} ms
         * @return this builder
         * @throws IllegalArgumentException when negative or too long
         */
        public Builder singleFlightWait(Duration wait) {
            this.singleFlightWait = ConfigChecks.zeroOrMillis("singleFlightWait", wait);
            return this;
        }

        /**
         * Sets how often expired entries are swept from hashes on servers without per-field expiry
         * ({@code KOMPRESS_SWEEP_INTERVAL}, seconds; default one minute).
         *
         * @param interval zero to disable the sweep, else up to {@link Integer#MAX_VALUE} ms
         * @return this builder
         * @throws IllegalArgumentException when negative or too long
         */
        public Builder sweepInterval(Duration interval) {
            this.sweepInterval = ConfigChecks.zeroOrMillis("sweepInterval", interval);
            return this;
        }

        /**
         * Sets the executor asynchronous lookups run on; the application owns it (closing the cache leaves it).
         *
         * @param executor the executor, or {@code null} for a pool owned by the cache
         * @return this builder
         */
        public Builder executor(@Nullable Executor executor) {
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
            this.maxValueBytes = ConfigChecks.range("maxValueBytes", bytes, 1, MAX_MAX_VALUE_BYTES);
            return this;
        }

        /**
         * Sets the credentials every node (primary and replicas) is authenticated with.
         *
         * @param auth the credentials, or null when the servers need none
         * @return this builder
         */
        public Builder auth(@Nullable RedisAuth auth) {
            this.auth = auth;
            return this;
        }

        /**
         * Connects to every node over TLS.
         *
         * @param tls the TLS options (for example {@code TlsOptions.builder().build()}), or null for plain TCP
         * @return this builder
         */
        public Builder tls(@Nullable TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Sets the wall clock of entry expiry (TTL, stale windows, negative caching); keep the default outside tests.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets how reads choose among healthy replicas ({@code KOMPRESS_REPLICA_SELECTION},
         * {@code KOMPRESS_PREFERRED_REPLICAS}).
         *
         * @param reads the settings, {@link ReplicaReads#defaults()} unless set
         * @return this builder
         */
        public Builder replicaReads(ReplicaReads reads) {
            this.replicaReads = Objects.requireNonNull(reads, "replicaReads");
            return this;
        }

        /**
         * Sets the near cache's memory bound and heartbeat ({@code KOMPRESS_NEAR_CACHE_MAX_BYTES},
         * {@code KOMPRESS_NEAR_CACHE_HEARTBEAT}).
         *
         * @param options the options, {@link NearCacheOptions#disabled()} to turn it off
         * @return this builder
         */
        public Builder nearCache(NearCacheOptions options) {
            this.nearCache = Objects.requireNonNull(options, "nearCache");
            return this;
        }

        /**
         * Makes the immutable configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException when more than one deployment is configured, or a replica is the
         *                                  primary itself
         */
        public KompressConfig build() {
            return new KompressConfig(this);
        }

        private Deployment deployment() {
            return DeploymentChoice.of(primary, replicas, sentinel, cluster);
        }
    }
}
