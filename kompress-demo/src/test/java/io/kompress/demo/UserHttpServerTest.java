package io.kompress.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kompress.cache.KompressCache;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The web example: JSON for a user, 404/400 for bad ids, and the exception's status when Redis is down. */
class UserHttpServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesUsersAndMapsCacheErrorsToHttpStatuses() throws Exception {
        try (RedisSetup redis = RedisSetup.fromEnvironment(Map.of());
             UserHttpServer server = new UserHttpServer(new UserService(new UserDatabase()), 0)) {
            KompressCache.setDefault(redis.cache());
            HttpResponse<String> ok = get(server.port(), "/users/42");
            assertEquals(200, ok.statusCode());
            assertEquals("{\"id\":42,\"name\":\"User 42\",\"email\":\"user42@example.com\"}", ok.body());
            assertEquals(404, get(server.port(), "/users/0").statusCode());
            assertEquals(400, get(server.port(), "/users/abc").statusCode());
            redis.local().orElseThrow().replicas().forEach(r -> r.kill());
            redis.local().orElseThrow().primary().kill();
            HttpResponse<String> down = get(server.port(), "/users/42");
            assertEquals(503, down.statusCode(), down.body());
        } finally {
            KompressCache.setDefault(null);
        }
    }
}
