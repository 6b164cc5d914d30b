package io.kompress.demo;

import java.util.concurrent.atomic.AtomicInteger;

/** A deliberately slow stand-in for a real database: 40 ms a query, and it counts its queries. */
public final class UserDatabase {

    private static final long QUERY_MILLIS = 40;
    private final AtomicInteger queries = new AtomicInteger();

    /**
     * Loads a user.
     *
     * @param id the id
     * @return the user, or null when the id is not positive
     */
    public User load(long id) {
        pause();
        return id > 0 ? new User(id, "User " + id, "user" + id + "@example.com") : null;
    }

    /**
     * Loads a user as the next release's model.
     *
     * @param id the id
     * @return the user
     */
    public UserV2 loadV2(long id) {
        pause();
        return new UserV2(id, "User " + id, "user" + id + "@example.com", "gold");
    }

    /**
     * How many queries ran so far.
     *
     * @return the count
     */
    public int queries() {
        return queries.get();
    }

    private void pause() {
        queries.incrementAndGet();
        try {
            Thread.sleep(QUERY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
