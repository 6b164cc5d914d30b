package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.config.ClusterOptions;
import io.kompress.cache.config.FailurePolicy;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.config.NearCacheOptions;
import io.kompress.cache.config.RedisEndpoint;
import io.kompress.cache.config.ReplicaReads;
import io.kompress.cache.config.SentinelOptions;
import io.kompress.cache.config.StandaloneOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KompressConfigTest {

    @Test
    void emptyEnvironmentGivesTheDocumentedDefaults() {
        KompressConfig c = KompressConfig.fromEnv(Map.of());
        assertEquals(new RedisEndpoint("localhost", 6379), standalone(c).primary());
        assertEquals(List.of(), standalone(c).replicas());
        assertEquals(Duration.ofSeconds(5), c.timeout());
        assertEquals(16, c.poolSize());
        assertEquals(FailurePolicy.FAIL_OPEN, c.failurePolicy());
    }

    @Test
    void readsEveryVariable() {
        KompressConfig c = KompressConfig.fromEnv(Map.of(
            "REDIS_HOST", "cache.internal", "REDIS_PORT", "7000",
            "REDIS_REPLICAS_HOST_PORT", " r1:7001 , [::1]:7002,10.0.0.3:7003",
            "REDIS_TIMEOUT", "0.25", "KOMPRESS_POOL_SIZE", "4", "KOMPRESS_FAILURE_POLICY", "THROW"));
        assertEquals(new RedisEndpoint("cache.internal", 7000), standalone(c).primary());
        assertEquals(List.of(new RedisEndpoint("r1", 7001), new RedisEndpoint("::1", 7002),
            new RedisEndpoint("10.0.0.3", 7003)), standalone(c).replicas());
        assertEquals(Duration.ofMillis(250), c.timeout());
        assertEquals(4, c.poolSize());
        assertEquals(FailurePolicy.THROW, c.failurePolicy());
    }

    @Test
    void nearCacheVariablesSetTheBoundAndHeartbeatAndZeroTurnsItOff() {
        assertEquals(NearCacheOptions.defaults(), KompressConfig.fromEnv(Map.of()).nearCache());
        NearCacheOptions n = KompressConfig.fromEnv(Map.of("KOMPRESS_NEAR_CACHE_MAX_BYTES", "1048576",
            "KOMPRESS_NEAR_CACHE_HEARTBEAT", "0.25")).nearCache();
        assertEquals(1_048_576, n.maxBytes());
        assertEquals(Duration.ofMillis(250), n.heartbeat());
        assertEquals(0, KompressConfig.fromEnv(Map.of("KOMPRESS_NEAR_CACHE_MAX_BYTES", "0")).nearCache().maxBytes());
        assertEquals(n, KompressConfig.builder().nearCache(n).build().toBuilder().build().nearCache());
        assertTrue(n.refill(), "refills are on by default");
        NearCacheOptions off = KompressConfig.fromEnv(Map.of("KOMPRESS_NEAR_CACHE_REFILL", "false")).nearCache();
        assertFalse(off.refill());
        assertEquals(NearCacheOptions.defaults().withRefill(false), off);
    }

    @Test
    void singleFlightWaitIsReadInSecondsAndZeroDisablesIt() {
        assertEquals(Duration.ofMillis(1500),
            KompressConfig.fromEnv(Map.of("KOMPRESS_SINGLE_FLIGHT_WAIT", "1.5")).singleFlightWait());
        assertEquals(Duration.ZERO,
            KompressConfig.fromEnv(Map.of("KOMPRESS_SINGLE_FLIGHT_WAIT", "0")).singleFlightWait());
        assertEquals(KompressConfig.DEFAULT_SINGLE_FLIGHT_WAIT, KompressConfig.fromEnv(Map.of()).singleFlightWait());
    }

    @Test
    void emptyReplicaListMeansThePrimaryServesReads() {
        assertEquals(List.of(), standalone(KompressConfig.fromEnv(Map.of("REDIS_REPLICAS_HOST_PORT",
            "  "))).replicas());
    }

    @Test
    void portAloneKeepsTheDefaultHost() {
        assertEquals(new RedisEndpoint("localhost", 6380),
            standalone(KompressConfig.fromEnv(Map.of("REDIS_PORT", "6380"))).primary());
    }

    @ParameterizedTest(name = "{0}=''{1}''")
    @CsvSource(delimiter = '|', value = {
        "REDIS_PORT|abc",
        "REDIS_PORT|0",
        "REDIS_PORT|65536",
        "REDIS_PORT|-1",
        "REDIS_PORT|' '",
        "REDIS_HOST|' '",
        "REDIS_HOST|bad host",
        "REDIS_TIMEOUT|0",
        "REDIS_TIMEOUT|-1",
        "REDIS_TIMEOUT|five",
        "REDIS_TIMEOUT|NaN",
        "REDIS_TIMEOUT|0.0001",
        "REDIS_TIMEOUT|99999999",
        "REDIS_REPLICAS_HOST_PORT|r1",
        "REDIS_REPLICAS_HOST_PORT|r1:",
        "REDIS_REPLICAS_HOST_PORT|r1:x",
        "REDIS_REPLICAS_HOST_PORT|r1:70000",
        "REDIS_REPLICAS_HOST_PORT|'r1:7001,,r2:7002'",
        "REDIS_REPLICAS_HOST_PORT|'r1:7001,'",
        "REDIS_REPLICAS_HOST_PORT|::1:7001",
        "REDIS_REPLICAS_HOST_PORT|'r1:7001,r1:7001'",
        "REDIS_REPLICAS_HOST_PORT|localhost:6379",
        "KOMPRESS_POOL_SIZE|0",
        "KOMPRESS_POOL_SIZE|many",
        "KOMPRESS_FAILURE_POLICY|sometimes",
        "KOMPRESS_SINGLE_FLIGHT_WAIT|-1",
        "KOMPRESS_SINGLE_FLIGHT_WAIT|soon",
        "KOMPRESS_NEAR_CACHE_MAX_BYTES|-1",
        "KOMPRESS_NEAR_CACHE_MAX_BYTES|64MB",
        "KOMPRESS_NEAR_CACHE_MAX_BYTES|' '",
        "KOMPRESS_NEAR_CACHE_HEARTBEAT|0",
        "KOMPRESS_NEAR_CACHE_HEARTBEAT|0.001",
        "KOMPRESS_NEAR_CACHE_HEARTBEAT|7200",
        "KOMPRESS_NEAR_CACHE_HEARTBEAT|often",
        "KOMPRESS_NEAR_CACHE_REFILL|sometimes",
    })
    void invalidValueFailsFastNamingTheVariableAndValue(String variable, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> KompressConfig.fromEnv(Map.of(variable, value)));
        assertTrue(e.getMessage().contains(variable), e.getMessage());
        assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
    }

    @Test
    void passwordAloneAuthenticatesTheDefaultUserAndIsNeverPrinted() {
        KompressConfig c = KompressConfig.fromEnv(Map.of("REDIS_PASSWORD", "s3cret-value"));
        assertEquals("s3cret-value", c.auth().orElseThrow().password());
        assertNull(c.auth().orElseThrow().username());
        assertFalse(c.toString().contains("s3cret-value"), c.toString());
        assertTrue(c.toString().contains("password=(hidden)"), c.toString());
    }

    @Test
    void usernameAndPasswordAuthenticateAnAclUser() {
        KompressConfig c = KompressConfig.fromEnv(Map.of("REDIS_USERNAME", "app", "REDIS_PASSWORD", "pw"));
        assertEquals("app", c.auth().orElseThrow().username());
    }

    @Test
    void badAuthVariablesFailWithoutEchoingThePassword() {
        IllegalArgumentException noPassword = assertThrows(IllegalArgumentException.class,
            () -> KompressConfig.fromEnv(Map.of("REDIS_USERNAME", "app")));
        assertTrue(noPassword.getMessage().contains("REDIS_USERNAME='app'"), noPassword.getMessage());
        assertTrue(noPassword.getMessage().contains("REDIS_PASSWORD is not set"), noPassword.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
            () -> KompressConfig.fromEnv(Map.of("REDIS_PASSWORD", "")));
        assertTrue(empty.getMessage().contains("REDIS_PASSWORD"), empty.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> KompressConfig.fromEnv(Map.of("REDIS_USERNAME", " ", "REDIS_PASSWORD", "pw")));
    }

    @Test
    void tlsVariablesAreValidatedAndNeverIgnored() {
        assertTrue(KompressConfig.fromEnv(Map.of("REDIS_SSL", "true")).tls().isPresent());
        assertTrue(KompressConfig.fromEnv(Map.of("REDIS_SSL", "false")).tls().isEmpty());
        IllegalArgumentException bool = assertThrows(IllegalArgumentException.class,
            () -> KompressConfig.fromEnv(Map.of("REDIS_SSL", "maybe")));
        assertTrue(bool.getMessage().contains("REDIS_SSL='maybe'"), bool.getMessage());
        IllegalArgumentException orphan = assertThrows(IllegalArgumentException.class,
            () -> KompressConfig.fromEnv(Map.of("REDIS_SSL_CA_CERTS", "/etc/ca.pem")));
        assertTrue(orphan.getMessage().contains("REDIS_SSL_CA_CERTS is set but REDIS_SSL is not set"),
            orphan.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> KompressConfig.fromEnv(Map.of("REDIS_SSL", "true", "REDIS_SSL_TRUSTSTORE", "/no/such/file.p12")));
        assertTrue(missing.getMessage().contains("REDIS_SSL_TRUSTSTORE='/no/such/file.p12'"), missing.getMessage());
        IllegalArgumentException passwordWithoutStore = assertThrows(IllegalArgumentException.class,
            () -> KompressConfig.fromEnv(Map.of("REDIS_SSL", "true", "REDIS_SSL_KEYSTORE_PASSWORD", "k3y-secret")));
        assertFalse(passwordWithoutStore.getMessage().contains("k3y-secret"), passwordWithoutStore.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> KompressConfig.fromEnv(Map.of("REDIS_SSL", "true", "REDIS_SSL_VERIFY_HOSTNAME", "perhaps")));
    }

    @Test
    void sentinelVariablesAreReadAndExcludeAConfiguredPrimary() {
        KompressConfig c = KompressConfig.fromEnv(Map.of("REDIS_SENTINELS", "10.0.0.1:26379,10.0.0.2:26379",
            "REDIS_SENTINEL_MASTER", "mymaster", "REDIS_SENTINEL_PASSWORD", "sentinel-secret"));
        SentinelOptions s = (SentinelOptions) c.deployment();
        assertEquals(2, s.nodes().size());
        assertEquals("mymaster", s.master());
        assertFalse(c.toString().contains("sentinel-secret"), c.toString());
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> KompressConfig.fromEnv(
            Map.of("REDIS_SENTINELS", "h:26379", "REDIS_SENTINEL_MASTER", "m", "REDIS_HOST", "h")));
        assertTrue(both.getMessage().contains("with Sentinel (REDIS_SENTINELS")
            && both.getMessage().contains("REDIS_HOST"),
            both.getMessage());
        IllegalArgumentException noMaster = assertThrows(IllegalArgumentException.class,
            () -> KompressConfig.fromEnv(Map.of("REDIS_SENTINELS", "h:26379")));
        assertTrue(noMaster.getMessage().contains("REDIS_SENTINEL_MASTER"), noMaster.getMessage());
        IllegalArgumentException orphan = assertThrows(IllegalArgumentException.class,
            () -> KompressConfig.fromEnv(Map.of("REDIS_SENTINEL_MASTER", "m")));
        assertTrue(orphan.getMessage().contains("REDIS_SENTINELS is not"), orphan.getMessage());
        IllegalArgumentException badEntry = assertThrows(IllegalArgumentException.class,
            () -> KompressConfig.fromEnv(Map.of("REDIS_SENTINELS", "h", "REDIS_SENTINEL_MASTER", "m")));
        assertTrue(badEntry.getMessage().contains("REDIS_SENTINELS='h'"), badEntry.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KompressConfig.builder().primary("h", 1)
            .sentinel(SentinelOptions.builder().node("s", 26379).master("m").build()).build());
    }

    @Test
    void clusterVariablesAreReadAndExcludeOtherDeployments() {
        KompressConfig c = KompressConfig.fromEnv(Map.of("REDIS_CLUSTER_NODES", "10.0.0.1:7000,10.0.0.2:7000",
            "REDIS_CLUSTER_READ_FROM_REPLICAS", "true"));
        assertEquals(2, ((ClusterOptions) c.deployment()).seeds().size());
        assertTrue(((ClusterOptions) c.deployment()).readFromReplicas());
        assertFalse(((ClusterOptions) KompressConfig.fromEnv(Map.of("REDIS_CLUSTER_NODES", "h:7000")).deployment())
            .readFromReplicas(), "replica reads are opt-in");
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
            () -> KompressConfig.fromEnv(Map.of("REDIS_CLUSTER_NODES", "h:7000", "REDIS_REPLICAS_HOST_PORT", "r:1")));
        assertTrue(both.getMessage().contains("with Cluster (REDIS_CLUSTER_NODES")
            && both.getMessage().contains("REDIS_REPLICAS_HOST_PORT"), both.getMessage());
        IllegalArgumentException flag = assertThrows(IllegalArgumentException.class, () -> KompressConfig.fromEnv(
            Map.of("REDIS_CLUSTER_NODES", "h:7000", "REDIS_CLUSTER_READ_FROM_REPLICAS", "often")));
        assertTrue(flag.getMessage().contains("REDIS_CLUSTER_READ_FROM_REPLICAS='often'"), flag.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> KompressConfig.fromEnv(Map.of("REDIS_CLUSTER_READ_FROM_REPLICAS", "true")));
    }

    @Test
    void maxValueBytesIsReadAndBounded() {
        assertEquals(1024, KompressConfig.fromEnv(Map.of("KOMPRESS_MAX_VALUE_BYTES", "1024")).maxValueBytes());
        assertEquals(KompressConfig.DEFAULT_MAX_VALUE_BYTES, KompressConfig.fromEnv(Map.of()).maxValueBytes());
        for (String bad : new String[] {"0", "-1", "8MB", "", "536870913"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KompressConfig.fromEnv(Map.of("KOMPRESS_MAX_VALUE_BYTES", bad)));
            assertTrue(e.getMessage().contains("KOMPRESS_MAX_VALUE_BYTES='" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> KompressConfig.builder().maxValueBytes(0));
    }

    @Test
    void unknownKompressVariableIsWarnedAboutNotFatal() {
        assertEquals(16, KompressConfig.fromEnv(Map.of("KOMPRESS_POOLSIZE", "4")).poolSize());
    }

    @Test
    void builderValidatesLikeTheEnvironment() {
        KompressConfig.Builder b = KompressConfig.builder();
        assertThrows(IllegalArgumentException.class, () -> b.primary("", 6379));
        assertThrows(IllegalArgumentException.class, () -> b.primary("h", 0));
        assertThrows(IllegalArgumentException.class, () -> b.replica("h", 70000));
        assertThrows(IllegalArgumentException.class, () -> b.timeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> b.timeout(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> b.poolSize(0));
        assertThrows(IllegalArgumentException.class, () -> b.probeDelays(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(NullPointerException.class, () -> b.failurePolicy(null));
        b.replica("r", 1).replica("r", 1);
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(twice.getMessage().contains("replica r:1 is listed twice"), twice.getMessage());
    }

    @Test
    void configIsImmutableAndCopyable() {
        KompressConfig c = KompressConfig.builder().primary("p", 1).replica("r", 2).timeout(Duration.ofMillis(300))
            .build();
        assertThrows(UnsupportedOperationException.class, () -> standalone(c).replicas().add(new RedisEndpoint("x",
            3)));
        KompressConfig copy = c.toBuilder().poolSize(3).build();
        assertEquals(standalone(c).primary(), standalone(copy).primary());
        assertEquals(standalone(c).replicas(), standalone(copy).replicas());
        assertEquals(c.timeout(), copy.timeout());
        assertEquals(3, copy.poolSize());
    }

    @Test
    void replicaSelectionDefaultsToLowestLatencyAndIsReadFromTheEnvironment() {
        assertEquals(ReplicaReads.defaults(), KompressConfig.fromEnv(Map.of()).replicaReads());
        assertEquals(ReplicaReads.Selection.LOWEST_LATENCY, ReplicaReads.defaults().selection());
        ReplicaReads reads = KompressConfig.fromEnv(Map.of("KOMPRESS_REPLICA_SELECTION", "Random",
            "KOMPRESS_PREFERRED_REPLICAS", "10.0.0.1:6380,10.0.0.2:6381")).replicaReads();
        assertEquals(ReplicaReads.Selection.RANDOM, reads.selection());
        assertEquals(List.of(new RedisEndpoint("10.0.0.1", 6380), new RedisEndpoint("10.0.0.2", 6381)),
            reads.preferred());
        assertEquals(reads, KompressConfig.builder().replicaReads(reads).build().toBuilder().build().replicaReads());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "KOMPRESS_REPLICA_SELECTION|fastest|Invalid KOMPRESS_REPLICA_SELECTION='fastest': expected lowest_latency",
        "KOMPRESS_REPLICA_SELECTION|' '|Invalid KOMPRESS_REPLICA_SELECTION=' ': is set but empty",
        "KOMPRESS_PREFERRED_REPLICAS|a:1,,b:2|Invalid KOMPRESS_PREFERRED_REPLICAS='a:1,,b:2': entry 2 is empty",
        "KOMPRESS_PREFERRED_REPLICAS|a:x|Invalid KOMPRESS_PREFERRED_REPLICAS='a:x': entry 1"})
    void badReplicaSettingsFailNamingTheVariableAndValue(String name, String value, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> KompressConfig.fromEnv(Map.of(name, value)));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    private static StandaloneOptions standalone(KompressConfig c) {
        return (StandaloneOptions) c.deployment();
    }
}
