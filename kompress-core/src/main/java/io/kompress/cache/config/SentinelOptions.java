package io.kompress.cache.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the Redis Sentinels are and which master they watch. With these set, Kompress asks the Sentinels for
 * the primary and its healthy replicas, reads from the replicas, writes to the primary, and follows a
 * failover without a restart: after a promotion writes go to the new primary only.
 *
 * <p>Immutable; built with {@link #builder()}. The data nodes use the cache's {@link KompressConfig#auth()} and
 * {@link KompressConfig#tls()}; the Sentinels use {@link #auth()} and the same TLS settings.
 */
public final class SentinelOptions implements Deployment {

    /** Default interval between two questions to Sentinel. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);

    private final List<RedisEndpoint> nodes;
    private final String master;
    private final RedisAuth auth;
    private final Duration pollInterval;

    private SentinelOptions(Builder b) {
        this.nodes = List.copyOf(b.nodes);
        this.master = b.master;
        this.auth = b.auth;
        this.pollInterval = b.pollInterval;
    }

    /**
     * Starts Sentinel settings.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The Sentinels, asked in turn.
     *
     * @return an unmodifiable, non-empty list
     */
    public List<RedisEndpoint> nodes() {
        return nodes;
    }

    /**
     * The master name ({@code sentinel monitor <name> ...}).
     *
     * @return the name
     */
    public String master() {
        return master;
    }

    /**
     * Credentials for the Sentinels themselves.
     *
     * @return the credentials, or empty when the Sentinels need none
     */
    public Optional<RedisAuth> auth() {
        return Optional.ofNullable(auth);
    }

    /**
     * How often the Sentinels are asked; they are also asked at once when the primary fails.
     *
     * @return the interval
     */
    public Duration pollInterval() {
        return pollInterval;
    }

    @Override
    public String toString() {
        return "sentinels=" + nodes + ", master=" + master + (auth == null ? "" : ", sentinelAuth=" + auth);
    }

    /** Collects Sentinel settings; not thread-safe. */
    public static final class Builder {

        private final List<RedisEndpoint> nodes = new ArrayList<>();
        private String master;
        private RedisAuth auth;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;

        private Builder() {
        }

        /**
         * Adds a Sentinel.
         *
         * @param host host name or address
         * @param port port, 1 to 65535
         * @return this builder
         * @throws IllegalArgumentException when the address is invalid or already added
         */
        public Builder node(String host, int port) {
            RedisEndpoint endpoint = new RedisEndpoint(host, port);
            if (nodes.contains(endpoint)) {
                throw new IllegalArgumentException("sentinel " + endpoint + " is listed twice");
            }
            nodes.add(endpoint);
            return this;
        }

        /**
         * Sets the master name the Sentinels monitor.
         *
         * @param name the name, not blank
         * @return this builder
         */
        public Builder master(String name) {
            Objects.requireNonNull(name, "master");
            if (name.isBlank()) {
                throw new IllegalArgumentException("sentinel master name is blank");
            }
            this.master = name;
            return this;
        }

        /**
         * Sets credentials for the Sentinels themselves.
         *
         * @param auth the credentials, or null
         * @return this builder
         */
        public Builder auth(RedisAuth auth) {
            this.auth = auth;
            return this;
        }

        /**
         * Sets how often the Sentinels are asked.
         *
         * @param interval 1 ms to 1 minute
         * @return this builder
         */
        public Builder pollInterval(Duration interval) {
            Objects.requireNonNull(interval, "pollInterval");
            if (interval.compareTo(Duration.ofMillis(1)) < 0 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("sentinel poll interval must be between 1 ms and 1 minute, got "
                    + interval);
            }
            this.pollInterval = interval;
            return this;
        }

        /**
         * Makes the settings.
         *
         * @return the settings
         * @throws IllegalArgumentException when no Sentinel or no master name was given
         */
        public SentinelOptions build() {
            if (nodes.isEmpty()) {
                throw new IllegalArgumentException("no Sentinel given (REDIS_SENTINELS)");
            }
            if (master == null) {
                throw new IllegalArgumentException("no Sentinel master name given (REDIS_SENTINEL_MASTER)");
            }
            return new SentinelOptions(this);
        }
    }
}
