package io.kompress.cache.internal.config;

import io.kompress.cache.config.ClusterOptions;
import io.kompress.cache.config.FailurePolicy;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.config.NearCacheOptions;
import io.kompress.cache.config.RedisAuth;
import io.kompress.cache.config.RedisEndpoint;
import io.kompress.cache.config.ReplicaReads;
import io.kompress.cache.config.SentinelOptions;
import io.kompress.cache.config.StandaloneOptions;
import io.kompress.cache.internal.util.Log;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code REDIS_*} and {@code KOMPRESS_*} variables into a {@link KompressConfig.Builder}. Every
 * error names the variable and its value, so a typo in a deployment fails at start-up with a message that
 * says where to look.
 */
public final class EnvConfig {

    /** Primary host variable. */
    public static final String HOST = "REDIS_HOST";
    /** Primary port variable. */
    public static final String PORT = "REDIS_PORT";
    /** Replica list variable. */
    public static final String REPLICAS = "REDIS_REPLICAS_HOST_PORT";
    /** Timeout variable, in seconds. */
    public static final String TIMEOUT = "REDIS_TIMEOUT";
    /** Pool size variable. */
    public static final String POOL_SIZE = "KOMPRESS_POOL_SIZE";
    /** Single-flight wait variable, in seconds; 0 disables. */
    public static final String SINGLE_FLIGHT_WAIT = "KOMPRESS_SINGLE_FLIGHT_WAIT";
    /** Expiry sweep interval variable, in seconds; 0 disables. */
    public static final String SWEEP_INTERVAL = "KOMPRESS_SWEEP_INTERVAL";
    /** Failure policy variable. */
    public static final String FAILURE_POLICY = "KOMPRESS_FAILURE_POLICY";
    /** Maximum value size variable, in bytes. */
    public static final String MAX_VALUE_BYTES = "KOMPRESS_MAX_VALUE_BYTES";
    /** Replica selection variable: {@code lowest_latency} or {@code random}. */
    public static final String REPLICA_SELECTION = "KOMPRESS_REPLICA_SELECTION";
    /** Preferred replicas variable: {@code host:port,host:port}. */
    public static final String PREFERRED_REPLICAS = "KOMPRESS_PREFERRED_REPLICAS";
    /** Bound on the near cache's memory, bytes; 0 turns it off. */
    public static final String NEAR_CACHE_MAX_BYTES = "KOMPRESS_NEAR_CACHE_MAX_BYTES";
    /** How often each invalidation stream is checked, seconds. */
    public static final String NEAR_CACHE_HEARTBEAT = "KOMPRESS_NEAR_CACHE_HEARTBEAT";
    /** Whether recently hit near entries an invalidation drops are read back in one round trip. */
    public static final String NEAR_CACHE_REFILL = "KOMPRESS_NEAR_CACHE_REFILL";

    /** ACL user variable; needs {@link #PASSWORD}. */
    public static final String USERNAME = "REDIS_USERNAME";
    /** Password variable (ACL user's, or the default user's / {@code requirepass}). */
    public static final String PASSWORD = "REDIS_PASSWORD";
    /** TLS switch variable. */
    public static final String SSL = "REDIS_SSL";
    /** Sentinel list variable. */
    public static final String SENTINELS = "REDIS_SENTINELS";
    /** Sentinel master name variable. */
    public static final String SENTINEL_MASTER = "REDIS_SENTINEL_MASTER";
    /** Sentinel ACL user variable. */
    public static final String SENTINEL_USERNAME = "REDIS_SENTINEL_USERNAME";
    /** Sentinel password variable. */
    public static final String SENTINEL_PASSWORD = "REDIS_SENTINEL_PASSWORD";
    /** Cluster seed list variable. */
    public static final String CLUSTER_NODES = "REDIS_CLUSTER_NODES";
    /** Cluster replica reads variable. */
    public static final String CLUSTER_READ_FROM_REPLICAS = "REDIS_CLUSTER_READ_FROM_REPLICAS";
    /** Every {@code KOMPRESS_*} variable read here or by the test harness; others are reported as typos. */
    private static final Set<String> KNOWN = Set.of(POOL_SIZE, FAILURE_POLICY, SINGLE_FLIGHT_WAIT, MAX_VALUE_BYTES,
        SWEEP_INTERVAL, REPLICA_SELECTION, PREFERRED_REPLICAS, NEAR_CACHE_MAX_BYTES, NEAR_CACHE_HEARTBEAT,
        NEAR_CACHE_REFILL, "KOMPRESS_REDIS_SERVER");

    private EnvConfig() {
    }

    /**
     * Reads the configuration the variables describe.
     *
     * @param env variables; absent names take their defaults
     * @return the configuration
     * @throws IllegalArgumentException naming the variable and value when one is invalid
     */
    public static KompressConfig parse(Map<String, String> env) {
        return apply(env, KompressConfig.builder()).build();
    }

    /**
     * Applies the variables present in {@code env} to {@code builder}.
     *
     * @param env     variables
     * @param builder the builder to fill
     * @return the builder
     * @throws IllegalArgumentException naming the variable and value when one is invalid
     */
    public static KompressConfig.Builder apply(Map<String, String> env, KompressConfig.Builder builder) {
        warnAboutUnknown(env);
        applySentinel(env, builder);
        applyCluster(env, builder);
        builder.auth(auth(env, USERNAME, PASSWORD));
        builder.tls(EnvTls.parse(env));
        String host = env.get(HOST);
        String port = env.get(PORT);
        if (host != null || port != null) {
            String h = host == null ? KompressConfig.DEFAULT_HOST : requireNonBlank(HOST, host).trim();
            int p = port == null ? KompressConfig.DEFAULT_PORT : parsePort(PORT, port);
            try {
                builder.primary(h, p);
            } catch (IllegalArgumentException e) {
                throw invalid(HOST, host, e.getMessage());
            }
        }
        String replicas = env.get(REPLICAS);
        if (replicas != null && !replicas.isBlank()) {
            parseReplicas(replicas, builder);
            // The rules (no replica twice, none equal to the primary) live in StandaloneOptions; checked here
            // against this primary, so that a breach names the variable it came from.
            RedisEndpoint primary = new RedisEndpoint(host == null ? KompressConfig.DEFAULT_HOST : host.trim(),
                port == null ? KompressConfig.DEFAULT_PORT : parsePort(PORT, port));
            try {
                new StandaloneOptions(primary, endpoints(REPLICAS, replicas));
            } catch (IllegalArgumentException e) {
                throw invalid(REPLICAS, replicas, e.getMessage());
            }
        }
        String timeout = env.get(TIMEOUT);
        if (timeout != null) {
            builder.timeout(parseSeconds(TIMEOUT, timeout));
        }
        String pool = env.get(POOL_SIZE);
        if (pool != null) {
            builder.poolSize(parseInt(POOL_SIZE, pool, 1, 10_000));
        }
        String sweep = env.get(SWEEP_INTERVAL);
        if (sweep != null) {
            builder.sweepInterval("0".equals(sweep.trim()) ? Duration.ZERO : parseSeconds(SWEEP_INTERVAL, sweep));
        }
        String wait = env.get(SINGLE_FLIGHT_WAIT);
        if (wait != null) {
            builder.singleFlightWait("0".equals(wait.trim()) ? Duration.ZERO : parseSeconds(SINGLE_FLIGHT_WAIT, wait));
        }
        String max = env.get(MAX_VALUE_BYTES);
        if (max != null) {
            builder.maxValueBytes(parseInt(MAX_VALUE_BYTES, max, 1, KompressConfig.MAX_MAX_VALUE_BYTES));
        }
        String policy = env.get(FAILURE_POLICY);
        if (policy != null) {
            builder.failurePolicy(parsePolicy(policy));
        }
        builder.replicaReads(replicaReads(env));
        builder.nearCache(nearCache(env));
        return builder;
    }

    private static NearCacheOptions nearCache(Map<String, String> env) {
        String max = env.get(NEAR_CACHE_MAX_BYTES);
        String beat = env.get(NEAR_CACHE_HEARTBEAT);
        long bytes = NearCacheOptions.DEFAULT_MAX_BYTES;
        if (max != null) {
            try {
                bytes = Long.parseLong(requireNonBlank(NEAR_CACHE_MAX_BYTES, max).trim());
            } catch (NumberFormatException e) {
                throw invalid(NEAR_CACHE_MAX_BYTES, max, "expected a whole number of bytes such as 67108864, or 0");
            }
        }
        Duration heartbeat = beat == null ? NearCacheOptions.DEFAULT_HEARTBEAT
            : parseSeconds(NEAR_CACHE_HEARTBEAT, beat);
        String refill = env.get(NEAR_CACHE_REFILL);
        boolean refills = refill == null || EnvTls.parseBoolean(NEAR_CACHE_REFILL, refill);
        try { // each setting checked on its own, so that a breach names its variable
            NearCacheOptions.of(bytes, NearCacheOptions.DEFAULT_HEARTBEAT);
        } catch (IllegalArgumentException e) {
            throw invalid(NEAR_CACHE_MAX_BYTES, max, e.getMessage());
        }
        try {
            return NearCacheOptions.of(bytes, heartbeat).withRefill(refills);
        } catch (IllegalArgumentException e) {
            throw invalid(NEAR_CACHE_HEARTBEAT, beat, e.getMessage());
        }
    }

    private static ReplicaReads replicaReads(Map<String, String> env) {
        String selection = env.get(REPLICA_SELECTION);
        ReplicaReads reads = ReplicaReads.defaults();
        if (selection != null) {
            requireNonBlank(REPLICA_SELECTION, selection);
            try {
                reads = ReplicaReads.of(selection(selection));
            } catch (IllegalArgumentException e) {
                throw invalid(REPLICA_SELECTION, selection, e.getMessage());
            }
        }
        String preferred = env.get(PREFERRED_REPLICAS);
        return preferred == null || preferred.isBlank() ? reads
            : reads.preferring(endpoints(PREFERRED_REPLICAS, preferred));
    }

    private static void applySentinel(Map<String, String> env, KompressConfig.Builder builder) {
        String sentinels = env.get(SENTINELS);
        if (sentinels == null) {
            for (String name : new String[] {SENTINEL_MASTER, SENTINEL_USERNAME, SENTINEL_PASSWORD}) {
                if (env.containsKey(name)) {
                    throw new IllegalArgumentException(name + " is set but " + SENTINELS + " is not; set the "
                        + "Sentinels' host:port list, or unset " + name);
                }
            }
            return;
        }
        SentinelOptions.Builder sentinel = SentinelOptions.builder();
        String[] entries = requireNonBlank(SENTINELS, sentinels).split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            try {
                RedisEndpoint node = RedisEndpoint.parse(entries[i]);
                sentinel.node(node.host(), node.port());
            } catch (IllegalArgumentException e) {
                throw invalid(SENTINELS, sentinels, "entry " + (i + 1) + ": " + e.getMessage());
            }
        }
        String master = env.get(SENTINEL_MASTER);
        if (master == null) {
            throw new IllegalArgumentException(SENTINELS + " is set but " + SENTINEL_MASTER + " is not; set the "
                + "master name the Sentinels monitor");
        }
        sentinel.master(requireNonBlank(SENTINEL_MASTER, master).trim());
        sentinel.auth(auth(env, SENTINEL_USERNAME, SENTINEL_PASSWORD));
        builder.sentinel(sentinel.build());
    }

    private static void applyCluster(Map<String, String> env, KompressConfig.Builder builder) {
        String nodes = env.get(CLUSTER_NODES);
        if (nodes == null) {
            if (env.containsKey(CLUSTER_READ_FROM_REPLICAS)) {
                throw new IllegalArgumentException(CLUSTER_READ_FROM_REPLICAS + " is set but " + CLUSTER_NODES
                    + " is not; set the cluster's seed nodes, or unset " + CLUSTER_READ_FROM_REPLICAS);
            }
            return;
        }
        ClusterOptions.Builder cluster = ClusterOptions.builder();
        String[] entries = requireNonBlank(CLUSTER_NODES, nodes).split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            try {
                cluster.seed(RedisEndpoint.parse(entries[i]));
            } catch (IllegalArgumentException e) {
                throw invalid(CLUSTER_NODES, nodes, "entry " + (i + 1) + ": " + e.getMessage());
            }
        }
        String replicaReads = env.get(CLUSTER_READ_FROM_REPLICAS);
        if (replicaReads != null) {
            String v = replicaReads.trim().toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw invalid(CLUSTER_READ_FROM_REPLICAS, replicaReads, "expected true or false");
            }
            cluster.readFromReplicas(v.equals("true"));
        }
        builder.cluster(cluster.build());
    }

    private static RedisAuth auth(Map<String, String> env, String userVar, String passwordVar) {
        String user = env.get(userVar);
        String password = env.get(passwordVar);
        if (password == null) {
            if (user != null) {
                throw invalid(userVar, user, passwordVar + " is not set; an ACL user needs its password");
            }
            return null;
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("Invalid " + passwordVar + " (value hidden): is set but empty; unset "
                + "it when the servers need no password");
        }
        return user == null ? RedisAuth.password(password)
            : RedisAuth.user(requireNonBlank(userVar, user).trim(), password);
    }

    private static void warnAboutUnknown(Map<String, String> env) {
        for (String name : env.keySet()) {
            if (name.startsWith("KOMPRESS_") && !KNOWN.contains(name)) {
                Log.LOG.warn("Ignoring unknown variable {}: Kompress Cache reads {}", name, KNOWN);
            }
            if (name.startsWith(SSL + "_") && !EnvTls.VARIABLES.contains(name)) {
                Log.LOG.warn("Ignoring unknown variable {}: Kompress Cache reads {}", name, EnvTls.VARIABLES);
            }
        }
    }

    private static void parseReplicas(String value, KompressConfig.Builder builder) {
        List<RedisEndpoint> replicas = endpoints(REPLICAS, value);
        for (int i = 0; i < replicas.size(); i++) {
            try {
                builder.replica(replicas.get(i).host(), replicas.get(i).port());
            } catch (IllegalArgumentException e) {
                throw invalid(REPLICAS, value, "entry " + (i + 1) + ": " + e.getMessage());
            }
        }
    }

    private static List<RedisEndpoint> endpoints(String name, String value) {
        String[] entries = value.split(",", -1);
        List<RedisEndpoint> out = new ArrayList<>();
        for (int i = 0; i < entries.length; i++) {
            if (entries[i].isBlank()) {
                throw invalid(name, value, "entry " + (i + 1) + " is empty; expected host:port,host:port");
            }
            try {
                out.add(RedisEndpoint.parse(entries[i]));
            } catch (IllegalArgumentException e) {
                throw invalid(name, value, "entry " + (i + 1) + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static Duration parseSeconds(String name, String value) {
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(requireNonBlank(name, value).trim());
        } catch (NumberFormatException e) {
            throw invalid(name, value, "expected a number of seconds such as 5 or 0.5");
        }
        BigDecimal millis = seconds.movePointRight(3);
        if (millis.compareTo(BigDecimal.ONE) < 0 || millis.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw invalid(name, value, "must be between 0.001 and " + Integer.MAX_VALUE / 1000 + " seconds");
        }
        return Duration.ofMillis(millis.longValue());
    }

    private static int parsePort(String name, String value) {
        return parseInt(name, value, 1, 65535);
    }

    private static int parseInt(String name, String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(requireNonBlank(name, value).trim());
        } catch (NumberFormatException e) {
            throw invalid(name, value, "expected a whole number between " + min + " and " + max);
        }
        if (n < min || n > max) {
            throw invalid(name, value, "must be between " + min + " and " + max);
        }
        return n;
    }

    private static FailurePolicy parsePolicy(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "fail_open":
            case "fail-open":
                return FailurePolicy.FAIL_OPEN;
            case "throw":
                return FailurePolicy.THROW;
            default:
                throw invalid(FAILURE_POLICY, value, "expected fail_open or throw");
        }
    }

    static String requireNonBlank(String name, String value) {
        if (value.isBlank()) {
            throw invalid(name, value, "is set but empty; unset it to use the default");
        }
        return value;
    }

    static IllegalArgumentException invalid(String name, String value, String why) {
        return new IllegalArgumentException("Invalid " + name + "='" + value + "': " + why);
    }

    /** {@code lowest_latency} or {@code random}, in any case, with {@code -} or {@code _}. */
    private static ReplicaReads.Selection selection(String text) {
        String v = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (ReplicaReads.Selection s : ReplicaReads.Selection.values()) {
            if (s.name().equals(v)) {
                return s;
            }
        }
        throw new IllegalArgumentException("expected lowest_latency or random");
    }
}
