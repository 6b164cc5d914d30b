package io.kompress.spring.boot.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.kompress.testing.RedisGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import redis.clients.jedis.Jedis;

/**
 * A started Boot web application answering HTTP through the cache, against a real primary and replica: one load
 * then hits, the entry stored as plain model JSON, health per node, and Redis failures as fail-open or 503. Plain
 * {@code java.net.http} requests, so that the same test runs on Boot 3.5 and Boot 4.0.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = ShopApplication.class,
    properties = {"kompress.timeout=500ms", "kompress.caches.strict.failure-policy=throw",
        "management.endpoint.health.show-details=always", "management.endpoints.web.exposure.include=health"})
@DirtiesContext
class ShopApplicationTest {

    private static final RedisGroup REDIS = RedisGroup.start(1);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Autowired
    private Environment environment;

    @Autowired
    private ShopApplication.UserRepository users;

    @Autowired
    private ShopApplication.Prices prices;

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

    @Test
    void requestsAreAnsweredThroughTheCacheAndFailuresMapToStatuses() throws Exception {
        HttpResponse<String> first = get("/users/42");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("{\"id\":42,\"name\":\"user-42\"}");
        REDIS.awaitReplication();
        assertThat(get("/users/42").body()).isEqualTo(first.body());
        assertThat(users.loads()).as("the second request was a hit").isEqualTo(1);
        try (Jedis j = REDIS.primary().connect()) {
            assertThat(j.hget("users", "42")).isEqualTo("{\"id\":42,\"name\":\"user-42\"}");
        }
        assertThat(REDIS.replica(0).commandCalls("hmget") + REDIS.replica(0).commandCalls("hget"))
            .as("hits read the replica").isPositive();

        assertThat(get("/prices/abc").body()).isEqualTo("{\"sku\":\"abc\",\"cents\":300}");
        REDIS.awaitReplication();
        assertThat(get("/prices/abc").body()).isEqualTo("{\"sku\":\"abc\",\"cents\":300}");
        assertThat(prices.loads()).as("@HashCached in the same context: the second call was a hit").isEqualTo(1);
        try (Jedis j = REDIS.primary().connect()) {
            assertThat(j.hget("prices", "abc")).isEqualTo("{\"sku\":\"abc\",\"cents\":300}");
        }

        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"kompress\"").contains(REDIS.primary().address());

        REDIS.primary().kill();
        REDIS.replica(0).kill();
        HttpResponse<String> failOpen = get("/users/7");
        assertThat(failOpen.statusCode()).as("fail-open: the method answers").isEqualTo(200);
        HttpResponse<String> strict = get("/strict/7");
        assertThat(strict.statusCode()).isEqualTo(503);
        assertThat(strict.body()).contains("\"status\":503").contains("\"operation\"");
        assertThat(get("/actuator/health").statusCode()).isEqualTo(503);
    }
}
