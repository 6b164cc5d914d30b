package io.kompress.demo;

import io.kompress.annotations.HashCached;
import io.kompress.annotations.OnRedisError;

/** The service the demo caches: the annotations are the only cache code it contains. */
public class UserService {

    private final UserDatabase database;

    /**
     * Creates the service.
     *
     * @param database the slow database
     */
    public UserService(UserDatabase database) {
        this.database = database;
    }

    /**
     * Finds a user: fail-open, so it answers from the database even when Redis is down.
     *
     * @param id the id
     * @return the user, or null
     */
    @HashCached(key = "demo:users", field = "#id")
    public User find(long id) {
        return database.load(id);
    }

    /**
     * Finds a user, throwing the mapped 503/504/500 when Redis cannot serve the read.
     *
     * @param id the id
     * @return the user, or null
     */
    @HashCached(key = "demo:users", field = "#id", onRedisError = OnRedisError.THROW)
    public User findOrFail(long id) {
        return database.load(id);
    }

    /**
     * Finds a user whose cached copy lives 300 ms (short, so the demo can show an expiry).
     *
     * @param id the id
     * @return the user, or null
     */
    @HashCached(key = "demo:recent", field = "#id", ttl = "300ms")
    public User findRecent(long id) {
        return database.load(id);
    }

    /**
     * The next release's read of the same hash.
     *
     * @param id the id
     * @return the user
     */
    @HashCached(key = "demo:users", field = "#id")
    public UserV2 findV2(long id) {
        return database.loadV2(id);
    }
}
