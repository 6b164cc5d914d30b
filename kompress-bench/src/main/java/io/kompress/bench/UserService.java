package io.kompress.bench;

import io.kompress.annotations.HashCached;

/** The woven contender: the annotation is all the cache code. */
public class UserService {

    /**
     * Finds a user; the body only runs on a miss.
     *
     * @param id the id
     * @return the user
     */
    @HashCached(key = "users", field = "#id")
    public User find(String id) {
        return User.sample(Long.parseLong(id));
    }
}
