package io.kompress.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.KompressCache;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The web example: JSON for every answer, the right status for each kind of bad request, HEAD, Redis down. */
class UserHttpServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private RedisSetup redis;
    private UserHttpServer server;

    @BeforeEach
    void start() throws Exception {
        redis = RedisSetup.fromEnvironment(Map.of());
        KompressCache.setDefault(redis.cache());
        server = new UserHttpServer(new UserService(new UserDatabase()), 0);
    }

    @AfterEach
    void stop() {
        server.close();
        redis.close();
        KompressCache.setDefault(null);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertJsonError(HttpResponse<String> response, int status, String message) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().startsWith("{\"error\":\"") && response.body().contains(message), response.body());
    }

    @Test
    void servesAUserAsJson() throws Exception {
        HttpResponse<String> ok = send("GET", "/users/42");
        assertEquals(200, ok.statusCode());
        assertEquals("{\"id\":42,\"name\":\"User 42\",\"email\":\"user42@example.com\"}", ok.body());
    }

    @Test
    void headAnswersTheStatusWithoutABody() throws Exception {
        HttpResponse<String> head = send("HEAD", "/users/42");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(400, send("HEAD", "/users/abc").statusCode());
        assertEquals(404, send("HEAD", "/elsewhere").statusCode());
    }

    @Test
    void badIdsAre400WithAMessageSayingWhy() throws Exception {
        assertJsonError(send("GET", "/users/abc"), 400, "user id must be a number, got 'abc'");
        assertJsonError(send("GET", "/users/0"), 400, "user id must be between 1 and 9223372036854775807, got 0");
        assertJsonError(send("GET", "/users/-5"), 400, "between 1 and");
        assertJsonError(send("GET", "/users/99999999999999999999"), 400,
            "between 1 and 9223372036854775807, got 99999999999999999999");
        assertJsonError(send("GET", "/users/%22%0a"), 400, "got '\\\"\\u000a'"); // escaped, still JSON
    }

    @Test
    void unknownPathsAndMethodsAreJsonErrors() throws Exception {
        assertJsonError(send("GET", "/"), 404, "no such resource");
        assertJsonError(send("GET", "/users/42/orders"), 404, "no such resource");
        assertJsonError(send("GET", "/user/42"), 404, "no such resource");
        HttpResponse<String> post = send("POST", "/users/42");
        assertJsonError(post, 405, "POST is not supported");
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void redisDownIsTheExceptionsStatus() throws Exception {
        redis.local().orElseThrow().replicas().forEach(r -> r.kill());
        redis.local().orElseThrow().primary().kill();
        HttpResponse<String> down = send("GET", "/users/42");
        assertEquals(503, down.statusCode(), down.body());
        assertEquals("{\"error\":\"cache unavailable\",\"status\":503}", down.body());
    }
}
