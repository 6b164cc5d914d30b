package io.kompress.bench;

import io.kompress.annotations.HashCached;

/** The woven near-cache contender: the same method as {@link UserService}, hits answered from memory. */
public class NearUserService {

    /**
     * Finds a user; the body only runs on a miss.
     *
     * @param id the id
     * @return the user
     */
    @HashCached(key = "users", field = "#id", nearCache = true)
    public User find(String id) {
        return User.sample(Long.parseLong(id));
    }
}
