package io.kompress.cache;

import io.kompress.cache.config.FailurePolicy;
import io.kompress.cache.config.KompressConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How long a read-through entry lives and how the cache behaves around expiry and loader failure: TTL with
 * jitter, negative caching, stale-if-error, refresh-ahead and single-flight across JVMs. Immutable; build one
 * per use case and reuse it.
 *
 * <pre>{@code
 * static final CachePolicy USERS = CachePolicy.builder()
 *     .ttl(Duration.ofMinutes(10)).jitter(0.1)          // expire between 9 and 10 minutes
 *     .refreshAhead(0.2)                                // a hit in the last 2 minutes reloads in the background
 *     .staleIfError(Duration.ofHours(1))                // database down: serve up to an hour past expiry
 *     .cacheNulls(Duration.ofSeconds(30))               // "no such user" is remembered for 30 s
 *     .distributedSingleFlight(Duration.ofSeconds(10), Duration.ofSeconds(3))
 *     .build();
 * User u = cache.hgetL("users", id, () -> db.find(id), CacheModel.of(User.class), USERS);
 * }</pre>
 *
 * <p>Every option is off by default ({@link #none()}): entries never expire, {@code null} is not cached, a
 * loader failure propagates and each JVM loads on its own. The cached value stays the plain model JSON; the
 * expiry lives in a sibling field (see the README, "Policies"), so other readers of the hash are unaffected.
 * Built with {@code @HashCached} attributes or this builder; the builder rejects nonsense (a negative TTL, a
 * jitter outside [0, 1), a refresh-ahead or stale window without a TTL) with a message naming the setting.
 */
public final class CachePolicy {

    /**
     * The longest duration any setting accepts: 100 years. Longer ones are rejected, so that an expiry
     * (now + TTL + stale window, in epoch milliseconds) can never overflow.
     */
    public static final Duration MAX_DURATION = Duration.ofDays(36_500);

    private static final CachePolicy NONE = builder().build();

    // Whole milliseconds, 0 = off (what the builder checked and toString shows), and the Duration each getter
    // returns, built once so that the engine reads a policy without allocating.
    private final long ttlMs;
    private final double jitter;
    private final long nullTtlMs;
    private final long staleMs;
    private final double refreshAhead;
    private final long leaseMs;
    private final long waitMs;
    private final Optional<FailurePolicy> failurePolicy;
    private final boolean nearCache;
    private final Optional<Duration> ttl;
    private final Optional<Duration> nullTtl;
    private final Optional<Duration> staleIfError;
    private final Optional<Duration> lockLease;
    private final Optional<Duration> lockWait;

    private CachePolicy(Builder b) {
        this.ttlMs = b.ttlMs;
        this.jitter = b.jitter;
        this.nullTtlMs = b.nullTtlMs;
        this.staleMs = b.staleMs;
        this.refreshAhead = b.refreshAhead;
        this.leaseMs = b.leaseMs;
        this.waitMs = b.waitMs;
        this.failurePolicy = Optional.ofNullable(b.failurePolicy);
        this.nearCache = b.nearCache;
        this.ttl = duration(ttlMs);
        this.nullTtl = duration(nullTtlMs);
        this.staleIfError = duration(staleMs);
        this.lockLease = duration(leaseMs);
        this.lockWait = duration(waitMs);
    }

    private static Optional<Duration> duration(long millis) {
        return millis == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(millis));
    }

    /**
     * The policy with every option off: no expiry, the cache's failure policy.
     *
     * @return the empty policy
     */
    public static CachePolicy none() {
        return NONE;
    }

    /**
     * A new builder with every option off.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The time to live of a stored value, before jitter.
     *
     * @return the TTL, empty when values never expire
     */
    public Optional<Duration> ttl() {
        return ttl;
    }


    /**
     * The fraction of the TTL taken off at random per write, so entries written together do not expire
     * together: each lives between {@code ttl × (1 − jitter)} and {@code ttl}.
     *
     * @return the jitter in [0, 1)
     */
    public double jitter() {
        return jitter;
    }

    /**
     * How long a loader's {@code null} is remembered.
     *
     * @return the TTL of a cached {@code null}, empty when {@code null} is not cached
     */
    public Optional<Duration> nullTtl() {
        return nullTtl;
    }


    /**
     * How long after its expiry a value may still be returned when the loader fails.
     *
     * @return the stale window, empty when loader failures propagate
     */
    public Optional<Duration> staleIfError() {
        return staleIfError;
    }


    /**
     * The last fraction of an entry's TTL in which a hit triggers one background reload.
     *
     * @return the fraction in (0, 1), or 0 when refresh-ahead is off
     */
    public double refreshAhead() {
        return refreshAhead;
    }

    /**
     * How long the cross-JVM load lock is held at most, should its holder die.
     *
     * @return the lease, empty when single-flight is per JVM only
     */
    public Optional<Duration> lockLease() {
        return lockLease;
    }


    /**
     * How long a caller that did not get the cross-JVM lock waits for the holder's value before loading itself.
     *
     * @return the wait, empty when single-flight is per JVM only
     */
    public Optional<Duration> lockWait() {
        return lockWait;
    }


    /**
     * What to do when Redis cannot serve the read.
     *
     * @return the failure policy, empty to follow the cache's configuration
     */
    public Optional<FailurePolicy> failurePolicy() {
        return failurePolicy;
    }

    /**
     * Whether hits are answered from this JVM's memory when possible (see {@link Builder#nearCache()}).
     *
     * @return true when the near cache is asked for
     */
    public boolean nearCache() {
        return nearCache;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("CachePolicy{");
        s.append("ttl=").append(ttlMs == 0 ? "never" : Duration.ofMillis(ttlMs));
        if (jitter > 0) {
            s.append(", jitter=").append(jitter);
        }
        if (nullTtlMs > 0) {
            s.append(", cacheNulls=").append(Duration.ofMillis(nullTtlMs));
        }
        if (staleMs > 0) {
            s.append(", staleIfError=").append(Duration.ofMillis(staleMs));
        }
        if (refreshAhead > 0) {
            s.append(", refreshAhead=").append(refreshAhead);
        }
        if (leaseMs > 0) {
            s.append(", distributedSingleFlight=lease ").append(Duration.ofMillis(leaseMs)).append(" wait ")
                .append(Duration.ofMillis(waitMs));
        }
        failurePolicy.ifPresent(p -> s.append(", failurePolicy=").append(p));
        if (nearCache) {
            s.append(", nearCache");
        }
        return s.append('}').toString();
    }

    /** Builds a {@link CachePolicy}; each setter fails fast on a value that makes no sense. */
    public static final class Builder {

        private long ttlMs;
        private double jitter;
        private long nullTtlMs;
        private long staleMs;
        private double refreshAhead;
        private long leaseMs;
        private long waitMs;
        private FailurePolicy failurePolicy;
        private boolean nearCache;

        private Builder() {
        }

        /**
         * Stored values expire after {@code ttl}; an expired entry is a miss.
         *
         * @param ttl at least one millisecond
         * @return this builder
         * @throws IllegalArgumentException when {@code ttl} is shorter than a millisecond or longer than
         *                                  {@link #MAX_DURATION}
         */
        public Builder ttl(Duration ttl) {
            this.ttlMs = millis("ttl", ttl);
            return this;
        }

        /**
         * Takes a random fraction, up to {@code jitter}, off each entry's TTL.
         *
         * @param jitter in [0, 1); 0.1 spreads expiry over the last 10 % of the TTL
         * @return this builder
         * @throws IllegalArgumentException when {@code jitter} is outside [0, 1)
         */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0 && jitter < 1)) {
                throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        /**
         * Remembers a loader's {@code null} for {@code ttl}: later calls return {@code null} without loading.
         *
         * @param ttl at least one millisecond; keep it short
         * @return this builder
         * @throws IllegalArgumentException when {@code ttl} is shorter than a millisecond or longer than
         *                                  {@link #MAX_DURATION}
         */
        public Builder cacheNulls(Duration ttl) {
            this.nullTtlMs = millis("cacheNulls", ttl);
            return this;
        }

        /**
         * When the loader throws, returns the expired value instead (logged as WARN) if it expired less than
         * {@code maxStale} ago and still validates against the model. Needs a {@link #ttl}.
         *
         * @param maxStale at least one millisecond
         * @return this builder
         * @throws IllegalArgumentException when {@code maxStale} is shorter than a millisecond
         */
        public Builder staleIfError(Duration maxStale) {
            this.staleMs = millis("staleIfError", maxStale);
            return this;
        }

        /**
         * A hit in the last {@code fraction} of its TTL triggers one background reload, so a hot entry is
         * replaced before it expires. Needs a {@link #ttl}.
         *
         * @param fraction in (0, 1); 0.2 reloads in the last 20 % of the TTL
         * @return this builder
         * @throws IllegalArgumentException when {@code fraction} is outside (0, 1)
         */
        public Builder refreshAhead(double fraction) {
            if (!(fraction > 0 && fraction < 1)) {
                throw new IllegalArgumentException("refreshAhead must be in (0, 1), got " + fraction);
            }
            this.refreshAhead = fraction;
            return this;
        }

        /**
         * On a miss, only the caller holding a short Redis lock (one per entry, across all JVMs) runs the
         * loader; the others wait up to {@code wait} for its value to appear, then load themselves.
         *
         * @param lease how long the lock outlives a holder that dies; longer than a normal load
         * @param wait  how long the others wait before loading themselves
         * @return this builder
         * @throws IllegalArgumentException when either is shorter than a millisecond
         */
        public Builder distributedSingleFlight(Duration lease, Duration wait) {
            long l = millis("distributedSingleFlight lease", lease);
            this.waitMs = millis("distributedSingleFlight wait", wait);
            this.leaseMs = l;
            return this;
        }

        /**
         * What to do when Redis cannot serve the read; by default the cache's configured policy.
         *
         * @param policy the failure policy
         * @return this builder
         */
        public Builder failurePolicy(FailurePolicy policy) {
            this.failurePolicy = Objects.requireNonNull(policy, "failurePolicy");
            return this;
        }

        /**
         * Keeps entries read from Redis in this JVM's memory too, so that hot hits cost no round trip. Redis
         * itself tells the cache when a kept entry changes ({@code CLIENT TRACKING}, from every node that serves
         * reads, whoever wrote), and anything that could hide such a report empties the near cache; an entry is
         * never kept past its TTL, and only served for the model it was validated against. Values are shared
         * between callers: use immutable models (records). Bounded by {@link KompressConfig#nearCache()}.
         *
         * @return this builder
         */
        public Builder nearCache() {
            this.nearCache = true;
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         * @throws IllegalArgumentException when jitter, staleIfError or refreshAhead is set without a ttl
         */
        public CachePolicy build() {
            if (ttlMs == 0) {
                requireTtl("jitter", jitter > 0);
                requireTtl("staleIfError", staleMs > 0);
                requireTtl("refreshAhead", refreshAhead > 0);
            }
            return new CachePolicy(this);
        }

        private static void requireTtl(String option, boolean set) {
            if (set) {
                throw new IllegalArgumentException(option + " needs a ttl: without one, entries never expire");
            }
        }

        /** Whole milliseconds of a setting between 1 ms and {@link #MAX_DURATION}; never overflows. */
        private static long millis(String what, Duration d) {
            Objects.requireNonNull(d, what);
            if (d.compareTo(Duration.ofMillis(1)) < 0) {
                throw new IllegalArgumentException(what + " must be at least 1 ms, got " + d);
            }
            if (d.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException(what + " must be at most " + MAX_DURATION.toDays()
                    + " days (100 years), got " + d);
            }
            return d.toMillis();
        }
    }
}
