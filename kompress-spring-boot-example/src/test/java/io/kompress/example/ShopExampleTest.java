package io.kompress.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example as {@code ./run-demo.sh --spring} starts it: its own local Redis, both caches, one load each. */
class ShopExampleTest {

    @Test
    void bothCachesAnswerTheSecondRequestFromRedis() throws Exception {
        try (ShopExample.Running running = ShopExample.start(Map.of(), "--server.port=0")) {
            String base = "http://127.0.0.1:" + running.context().getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            for (String path : new String[] {"/users/42", "/users/42", "/prices/abc", "/prices/abc"}) {
                running.redis().awaitReplication();
                assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), path);
            }
            String loads = http.send(HttpRequest.newBuilder(URI.create(base + "/loads")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            assertEquals("{\"users\":1,\"prices\":1}", loads);
        }
    }
}
