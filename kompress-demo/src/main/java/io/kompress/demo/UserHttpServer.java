package io.kompress.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kompress.cache.CacheModel;
import io.kompress.cache.KompressCacheException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The seed's web example on the JDK's built-in HTTP server: {@code GET /users/{id}} answers the user's JSON,
 * 404 when there is none, 400 for a bad id, and the Kompress exception's {@code statusCode()} (503, 504, 500)
 * when Redis cannot serve the read.
 */
final class UserHttpServer implements AutoCloseable {

    private static final CacheModel<User> JSON = CacheModel.of(User.class);
    private final HttpServer server;
    private final UserService service;

    UserHttpServer(UserService service, int port) throws IOException {
        this.service = service;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/users/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "{\"error\":\"only GET\"}");
                return;
            }
            String idText = exchange.getRequestURI().getPath().substring("/users/".length());
            long id;
            try {
                id = Long.parseLong(idText);
            } catch (NumberFormatException e) {
                send(exchange, 400, "{\"error\":\"user id must be a number\"}");
                return;
            }
            try {
                User user = service.findOrFail(id);
                if (user == null) {
                    send(exchange, 404, "{\"error\":\"no such user\"}");
                } else {
                    send(exchange, 200, JSON.toJson(user));
                }
            } catch (KompressCacheException e) {
                send(exchange, e.statusCode(), "{\"error\":\"cache unavailable\",\"status\":" + e.statusCode() + "}");
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
