package io.kompress.cache.config;

import java.util.Objects;

/**
 * Credentials every node (primary and replicas) is authenticated with: an ACL user and its password
 * ({@code AUTH user password}, Redis 6+), or a password alone for the {@code default} user / legacy
 * {@code requirepass} ({@code AUTH password}).
 *
 * <p>Immutable. The password is never part of {@link #toString()}, of a log line or of an exception message.
 */
public final class RedisAuth {

    private final String username;
    private final String password;

    private RedisAuth(String username, String password) {
        this.username = username;
        this.password = password;
    }

    /**
     * Credentials of an ACL user.
     *
     * @param username the ACL user, not blank
     * @param password its password, not empty
     * @return the credentials
     * @throws IllegalArgumentException when the user is blank or the password empty
     */
    public static RedisAuth user(String username, String password) {
        Objects.requireNonNull(username, "username");
        if (username.isBlank()) {
            throw new IllegalArgumentException("username is blank; use RedisAuth.password(...) for the default user");
        }
        return new RedisAuth(username, requirePassword(password));
    }

    /**
     * A password alone: the {@code default} user, or a server configured with {@code requirepass}.
     *
     * @param password the password, not empty
     * @return the credentials
     * @throws IllegalArgumentException when the password is empty
     */
    public static RedisAuth password(String password) {
        return new RedisAuth(null, requirePassword(password));
    }

    private static String requirePassword(String password) {
        Objects.requireNonNull(password, "password");
        if (password.isEmpty()) {
            throw new IllegalArgumentException("password is empty");
        }
        return password;
    }

    /**
     * The ACL user.
     *
     * @return the user, or null for the default user
     */
    public String username() {
        return username;
    }

    /**
     * The password, for the connection handshake only.
     *
     * @return the password
     */
    public String password() {
        return password;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RedisAuth a && Objects.equals(username, a.username) && password.equals(a.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(username, password);
    }

    @Override
    public String toString() {
        return "RedisAuth{user=" + (username == null ? "default" : username) + ", password=(hidden)}";
    }
}
