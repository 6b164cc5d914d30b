package io.kompress.spring.boot.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompress.testing.RedisGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import redis.clients.jedis.Jedis;

/**
 * A started Boot web application answering HTTP through the cache, against a real primary and replica: one load
 * then hits, the entry stored as plain model JSON, health per node, and Redis failures as fail-open or 503.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = ShopApplication.class,
    properties = {"kompress.timeout=500ms", "kompress.caches.strict.failure-policy=throw",
        "management.endpoint.health.show-details=always", "management.endpoints.web.exposure.include=health"})
@DirtiesContext
class ShopApplicationTest {

    private static final RedisGroup REDIS = RedisGroup.start(1);

    @Autowired
    private TestRestTemplate http;

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

    @Test
    void requestsAreAnsweredThroughTheCacheAndFailuresMapToStatuses() {
        ResponseEntity<User> first = http.getForEntity("/users/42", User.class);
        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(first.getBody()).isEqualTo(new User(42, "user-42"));
        REDIS.awaitReplication();
        assertThat(http.getForObject("/users/42", User.class)).isEqualTo(new User(42, "user-42"));
        assertThat(users.loads()).as("the second request was a hit").isEqualTo(1);
        try (Jedis j = REDIS.primary().connect()) {
            assertThat(j.hget("users", "42")).isEqualTo("{\"id\":42,\"name\":\"user-42\"}");
        }
        assertThat(REDIS.replica(0).commandCalls("hmget") + REDIS.replica(0).commandCalls("hget"))
            .as("hits read the replica").isPositive();

        ResponseEntity<String> health = http.getForEntity("/actuator/health", String.class);
        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(health.getBody()).contains("\"kompress\"").contains(REDIS.primary().address());

        REDIS.primary().kill();
        REDIS.replica(0).kill();
        ResponseEntity<User> failOpen = http.getForEntity("/users/7", User.class);
        assertThat(failOpen.getStatusCode()).as("fail-open: the method answers").isEqualTo(HttpStatus.OK);
        ResponseEntity<String> strict = http.getForEntity("/strict/7", String.class);
        assertThat(strict.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(strict.getBody()).contains("\"status\":503").contains("\"operation\"");
        assertThat(http.getForEntity("/actuator/health", String.class).getStatusCode())
            .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }
}
