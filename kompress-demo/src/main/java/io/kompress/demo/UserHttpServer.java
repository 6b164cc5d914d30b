package io.kompress.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kompress.cache.CacheModel;
import io.kompress.cache.errors.KompressCacheException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web example on the JDK's built-in HTTP server. {@code GET /users/{id}} answers the user's JSON; every answer
 * is JSON, {@code HEAD} answers the same status and headers without a body:
 *
 * <ul>
 *   <li>200 with the user;</li>
 *   <li>400 for an id that is not a number, or a number outside 1 to {@value Long#MAX_VALUE};</li>
 *   <li>404 for a user the database does not have, and for any other path;</li>
 *   <li>405 (with {@code Allow: GET, HEAD}) for other methods;</li>
 *   <li>the Kompress exception's {@code statusCode()} (503, 504, 500) when Redis cannot serve the read.</li>
 * </ul>
 */
final class UserHttpServer implements AutoCloseable {

    private static final CacheModel<User> JSON = CacheModel.of(User.class);
    private static final Pattern USER = Pattern.compile("/users/([^/]+)");
    private static final Pattern DIGITS = Pattern.compile("-?\\d+");
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final UserService service;

    UserHttpServer(UserService service, int port) throws IOException {
        this.service = service;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = "HEAD".equals(method);
            Matcher path = USER.matcher(exchange.getRequestURI().getPath());
            if (!path.matches()) {
                send(exchange, head, 404, error("no such resource; try GET /users/42"));
            } else if (!head && !"GET".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, false, 405, error(method + " is not supported; use GET or HEAD"));
            } else {
                user(exchange, head, path.group(1));
            }
        }
    }

    private void user(HttpExchange exchange, boolean head, String idText) throws IOException {
        if (!DIGITS.matcher(idText).matches()) {
            send(exchange, head, 400, error("user id must be a number, got '" + idText + "'"));
            return;
        }
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            id = 0; // more digits than a long holds: out of range, reported below
        }
        if (id < 1) {
            send(exchange, head, 400, error("user id must be between 1 and " + Long.MAX_VALUE + ", got " + idText));
            return;
        }
        try {
            User user = service.findOrFail(id);
            if (user == null) {
                send(exchange, head, 404, error("no user " + id));
            } else {
                send(exchange, head, 200, JSON.toJson(user));
            }
        } catch (KompressCacheException e) {
            send(exchange, head, e.statusCode(), "{\"error\":\"cache unavailable\",\"status\":" + e.statusCode() + "}");
        }
    }

    /** A JSON error body; the message may hold the caller's text, so every character is escaped as JSON needs. */
    private static String error(String message) {
        StringBuilder json = new StringBuilder("{\"error\":\"");
        for (char c : message.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append("\"}").toString();
    }

    private static void send(HttpExchange exchange, boolean head, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (head) {
            exchange.sendResponseHeaders(status, -1); // no body follows
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
