package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.errors.CacheUnavailableException;
import io.kompress.cache.errors.KompressCacheException;
import io.kompress.testing.FreePorts;
import io.kompress.testing.RedisProcess;
import io.kompress.testing.TlsCertificates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Authentication (ACL users and legacy {@code requirepass}) and TLS (CA file, trust store, client certificates,
 * hostname verification) against real servers, configured the way users do: through the environment.
 */
class SecurityTest {

    private static final String PASSWORD = "pw-7c1e-do-not-log";
    private static TlsCertificates certs;

    @BeforeAll
    static void makeCertificates() {
        certs = TlsCertificates.create();
    }

    @AfterAll
    static void deleteCertificates() {
        certs.close();
    }

    @Test
    void aclUserReadsFromItsReplicaAndWritesToThePrimary() throws Exception {
        List<String> acl = List.of("--user", "default", "off", "--user", "app", "on", ">" + PASSWORD, "~*", "+@all");
        try (RedisProcess primary = RedisProcess.start(acl.toArray(String[]::new));
             RedisProcess replica = startReplica(primary, acl, "app")) {
            Map<String, String> env = env(primary, replica);
            env.put("REDIS_USERNAME", "app");
            env.put("REDIS_PASSWORD", PASSWORD);
            try (KompressCache cache = KompressCache.create(KompressConfig.fromEnv(env))) {
                assertEquals("v1", cache.hgetL("acl", "f", () -> "v1"));
                awaitReplicated(replica, "app", "acl", "f");
                long before = commandCalls(replica, "app", "hmget");
                assertEquals("v1", cache.hgetL("acl", "f", () -> "not called"));
                assertEquals(before + 1, commandCalls(replica, "app", "hmget"), "the hit came from the replica");
            }
        }
    }

    @Test
    void legacyRequirepassWorksWithThePasswordAlone() {
        try (RedisProcess primary = RedisProcess.start("--requirepass", PASSWORD)) {
            Map<String, String> env = env(primary, null);
            env.put("REDIS_PASSWORD", PASSWORD);
            try (KompressCache cache = KompressCache.create(KompressConfig.fromEnv(env))) {
                assertEquals(1, cache.hset("legacy", "f", "v"));
                assertEquals("v", cache.hget("legacy", "f"));
            }
        }
    }

    @Test
    void wrongOrMissingPasswordFailsClearlyAndNothingSecretIsLoggedOrThrown() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<String> messages = new ArrayList<>();
        try (RedisProcess primary = RedisProcess.start("--requirepass", PASSWORD)) {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Map<String, String> env = env(primary, null);
            env.put("REDIS_PASSWORD", "wrong-" + PASSWORD);
            try (KompressCache cache = KompressCache.create(KompressConfig.fromEnv(env))) {
                KompressCacheException e = assertThrows(KompressCacheException.class, () -> cache.hget("k", "f"));
                assertTrue(e.getMessage().contains("WRONGPASS"), e.getMessage());
                collectMessages(e, messages);
                // fail-open still answers from the loader, and logs the outage
                assertEquals("loaded", cache.hgetL("k", "f", () -> "loaded"));
            }
            env.remove("REDIS_PASSWORD");
            try (KompressCache cache = KompressCache.create(KompressConfig.fromEnv(env))) {
                KompressCacheException e = assertThrows(KompressCacheException.class, () -> cache.hget("k", "f"));
                assertTrue(e.getMessage().contains("NOAUTH"), e.getMessage());
                collectMessages(e, messages);
            }
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        original.print(log);
        assertTrue(log.contains("password=(hidden)"), "the start-up line shows that a password is set");
        assertFalse(log.contains(PASSWORD), "the password reached the log");
        messages.forEach(m -> assertFalse(String.valueOf(m).contains(PASSWORD), "the password reached: " + m));
    }

    @Test
    void tlsWithCaCertificatesReachesPrimaryAndReplica() throws Exception {
        int primaryTls = FreePorts.next();
        int replicaTls = FreePorts.next();
        try (RedisProcess primary = RedisProcess.start(certs.serverArgs(primaryTls, "server", "no")
                 .toArray(String[]::new));
             RedisProcess replica = startTlsReplica(primary, replicaTls)) {
            Map<String, String> env = new HashMap<>();
            env.put("REDIS_HOST", "127.0.0.1");
            env.put("REDIS_PORT", String.valueOf(primaryTls));
            env.put("REDIS_REPLICAS_HOST_PORT", "127.0.0.1:" + replicaTls);
            env.put("REDIS_SSL", "true");
            env.put("REDIS_SSL_CA_CERTS", certs.caCertificate().toString());
            try (KompressCache cache = KompressCache.create(KompressConfig.fromEnv(env))) {
                assertEquals("v", cache.hgetL("tls", "f", () -> "v"));
                awaitReplicated(replica, null, "tls", "f");
                long before = commandCalls(replica, null, "hmget");
                assertEquals("v", cache.hgetL("tls", "f", () -> "not called"));
                assertEquals(before + 1, commandCalls(replica, null, "hmget"), "the hit came from the TLS replica");
            }
        }
    }

    @Test
    void tlsRejectsACertificateForAnotherHostUnlessVerificationIsOff() {
        int tls = FreePorts.next();
        try (RedisProcess primary = RedisProcess.start(certs.serverArgs(tls, "elsewhere", "no")
            .toArray(String[]::new))) {
            Map<String, String> env = tlsEnv(tls);
            try (KompressCache cache = KompressCache.create(KompressConfig.fromEnv(env))) {
                CacheUnavailableException e = assertThrows(CacheUnavailableException.class, () -> cache.hget("k", "f"));
                assertTrue(e.getMessage().contains("TLS handshake failed"), e.getMessage());
            }
            env.put("REDIS_SSL_VERIFY_HOSTNAME", "false");
            try (KompressCache cache = KompressCache.create(KompressConfig.fromEnv(env))) {
                assertEquals(1, cache.hset("k", "f", "v"));
            }
        }
    }

    @Test
    void tlsWithTheJvmDefaultTrustRejectsATestCa() {
        int tls = FreePorts.next();
        try (RedisProcess primary = RedisProcess.start(certs.serverArgs(tls, "server", "no")
            .toArray(String[]::new))) {
            Map<String, String> env = tlsEnv(tls);
            env.remove("REDIS_SSL_CA_CERTS");
            try (KompressCache cache = KompressCache.create(KompressConfig.fromEnv(env))) {
                assertThrows(CacheUnavailableException.class, () -> cache.hget("k", "f"));
            }
        }
    }

    @Test
    void mutualTlsNeedsTheClientCertificate() {
        int tls = FreePorts.next();
        try (RedisProcess primary = RedisProcess.start(certs.serverArgs(tls, "server", "yes")
            .toArray(String[]::new))) {
            Map<String, String> env = tlsEnv(tls);
            try (KompressCache cache = KompressCache.create(KompressConfig.fromEnv(env))) {
                assertThrows(CacheUnavailableException.class, () -> cache.hset("k", "f", "v"));
            }
            env.put("REDIS_SSL_KEYSTORE", certs.clientKeyStore().toString());
            env.put("REDIS_SSL_KEYSTORE_PASSWORD", TlsCertificates.CLIENT_STORE_PASSWORD);
            try (KompressCache cache = KompressCache.create(KompressConfig.fromEnv(env))) {
                assertEquals(1, cache.hset("k", "f", "v"));
            }
        }
    }

    @Test
    void wrongKeyStorePasswordFailsAtStartUpWithoutEchoingIt() {
        Map<String, String> env = tlsEnv(FreePorts.next());
        env.put("REDIS_SSL_KEYSTORE", certs.clientKeyStore().toString());
        env.put("REDIS_SSL_KEYSTORE_PASSWORD", "not-" + TlsCertificates.CLIENT_STORE_PASSWORD);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KompressConfig.fromEnv(env));
        assertTrue(e.getMessage().contains("key store " + certs.clientKeyStore()), e.getMessage());
        List<String> messages = new ArrayList<>();
        collectMessages(e, messages);
        messages.forEach(m -> assertFalse(String.valueOf(m).contains("not-" + TlsCertificates.CLIENT_STORE_PASSWORD),
            m));
    }

    private static Map<String, String> tlsEnv(int tlsPort) {
        Map<String, String> env = new HashMap<>();
        env.put("REDIS_HOST", "127.0.0.1");
        env.put("REDIS_PORT", String.valueOf(tlsPort));
        env.put("REDIS_TIMEOUT", "2");
        env.put("REDIS_SSL", "true");
        env.put("REDIS_SSL_CA_CERTS", certs.caCertificate().toString());
        return env;
    }

    private static Map<String, String> env(RedisProcess primary, RedisProcess replica) {
        Map<String, String> env = new HashMap<>();
        env.put("REDIS_HOST", primary.host());
        env.put("REDIS_PORT", String.valueOf(primary.port()));
        env.put("REDIS_TIMEOUT", "2");
        if (replica != null) {
            env.put("REDIS_REPLICAS_HOST_PORT", replica.address());
        }
        return env;
    }

    private static RedisProcess startReplica(RedisProcess primary, List<String> acl, String user) {
        List<String> args = new ArrayList<>(acl);
        args.addAll(List.of("--replicaof", primary.host(), String.valueOf(primary.port()),
            "--masteruser", user, "--masterauth", PASSWORD));
        return RedisProcess.start(FreePorts.next(), args);
    }

    private static RedisProcess startTlsReplica(RedisProcess primary, int tlsPort) {
        List<String> args = new ArrayList<>(certs.serverArgs(tlsPort, "server", "no"));
        args.addAll(List.of("--replicaof", primary.host(), String.valueOf(primary.port())));
        return RedisProcess.start(FreePorts.next(), args);
    }

    private static Jedis admin(RedisProcess node, String user) {
        Jedis j = node.connect();
        if (user != null) {
            j.auth(user, PASSWORD);
        }
        return j;
    }

    private static void awaitReplicated(RedisProcess replica, String user, String key, String field)
        throws InterruptedException {
        try (Jedis j = admin(replica, user)) {
            for (int i = 0; i < 250 && j.hget(key, field) == null; i++) {
                Thread.sleep(20);
            }
        }
    }

    private static long commandCalls(RedisProcess node, String user, String command) {
        try (Jedis j = admin(node, user)) {
            for (String line : j.info("commandstats").split("\r?\n")) {
                if (line.startsWith("cmdstat_" + command + ":calls=")) {
                    return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
                }
            }
            return 0;
        }
    }

    private static void collectMessages(Throwable t, List<String> out) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            out.add(c.getMessage());
            for (Throwable s : c.getSuppressed()) {
                out.add(s.getMessage());
            }
        }
    }
}
