package io.kompress.spring.boot.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompress.testing.RedisGroup;
import io.kompress.testing.RedisProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import redis.clients.jedis.Jedis;

/**
 * What Kompress guarantees, seen through a started Boot application's HTTP answers, against a real primary and two
 * replicas: a near-cached {@code @Cacheable} entry follows another client's write, an entry of an old model shape
 * is reloaded instead of served, replica reads fail over to the primary, and a primary that stops answering is a 504.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = ShopApplication.class,
    properties = {"kompress.timeout=500ms", "kompress.caches.users.near-cache=true",
        "kompress.caches.strict.failure-policy=throw"})
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShopGuaranteesTest {

    private static final RedisGroup REDIS = RedisGroup.start(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** Bound on waiting for another client's write to reach the near cache (the documented bound is far lower). */
    private static final Duration INVALIDATION_BOUND = Duration.ofSeconds(10);

    @Autowired
    private Environment environment;

    @Autowired
    private ShopApplication.UserRepository users;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("kompress.host", () -> REDIS.primary().host());
        registry.add("kompress.port", () -> REDIS.primary().port());
        registry.add("kompress.replicas", REDIS::replicasHostPort);
    }

    @AfterAll
    static void stop() {
        REDIS.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port") + path);
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static long replicaReads() {
        return REDIS.replicas().stream()
            .mapToLong(r -> r.commandCalls("hget") + r.commandCalls("hmget")).sum();
    }

    @Test
    @Order(1)
    void aNearCachedEntryFollowsAnotherClientsWriteAndAnOldShapeIsReloaded() throws Exception {
        assertThat(get("/users/5").body()).isEqualTo("{\"id\":5,\"name\":\"user-5\"}");
        REDIS.awaitReplication();
        get("/users/5");
        long reads = replicaReads();
        for (int i = 0; i < 3; i++) {
            assertThat(get("/users/5").body()).isEqualTo("{\"id\":5,\"name\":\"user-5\"}");
        }
        assertThat(replicaReads()).as("hits answered from memory").isEqualTo(reads);

        try (Jedis other = REDIS.primary().connect()) {
            other.hset("users", "5", "{\"id\":5,\"name\":\"renamed\"}");
        }
        long deadline = System.nanoTime() + INVALIDATION_BOUND.toNanos();
        String body = get("/users/5").body();
        while (!body.contains("renamed") && System.nanoTime() < deadline) {
            Thread.sleep(10); // waiting for Redis to report the write; no timing is asserted
            body = get("/users/5").body();
        }
        assertThat(body).isEqualTo("{\"id\":5,\"name\":\"renamed\"}");
        assertThat(users.loads()).as("the other client's value, not a reload").isEqualTo(1);

        try (Jedis other = REDIS.primary().connect()) {
            other.hset("users", "9", "{\"id\":9,\"name\":\"\"}"); // a shape the model no longer accepts
        }
        REDIS.awaitReplication();
        assertThat(get("/users/9").body()).isEqualTo("{\"id\":9,\"name\":\"user-9\"}");
        assertThat(users.loads()).as("the invalid entry was reloaded").isEqualTo(2);
        try (Jedis j = REDIS.primary().connect()) {
            assertThat(j.hget("users", "9")).isEqualTo("{\"id\":9,\"name\":\"user-9\"}");
        }
    }

    @Test
    @Order(2)
    void replicaReadsFailOverToThePrimaryAndAStoppedPrimaryIsA504() throws Exception {
        try (Jedis other = REDIS.primary().connect()) { // stored elsewhere: this JVM reads its own writes on the
            other.hset("strict", "12", "{\"id\":12,\"name\":\"strict-12\"}"); // primary until replicas confirm
        }
        REDIS.awaitReplication();
        int loads = users.loads();
        long reads = replicaReads();
        assertThat(get("/strict/12").body()).isEqualTo("{\"id\":12,\"name\":\"strict-12\"}");
        assertThat(replicaReads()).as("a hit reads a replica").isGreaterThan(reads);
        assertThat(users.loads()).isEqualTo(loads);

        REDIS.replicas().forEach(RedisProcess::kill);
        HttpResponse<String> failedOver = get("/strict/12");
        assertThat(failedOver.statusCode()).isEqualTo(200);
        assertThat(failedOver.body()).isEqualTo("{\"id\":12,\"name\":\"strict-12\"}");
        assertThat(users.loads()).as("the primary answered the hit").isEqualTo(loads);

        REDIS.primary().pause();
        try {
            HttpResponse<String> timedOut = get("/strict/13");
            assertThat(timedOut.statusCode()).isEqualTo(504);
            assertThat(timedOut.body()).contains("\"status\":504");
        } finally {
            REDIS.primary().resume();
        }
    }
}
