package io.kompress.reliability;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * The cached model: seven fields, one nested, and a value fully determined by its id and version (bumped by each
 * update), so that every value returned under fault can be checked against the one correct answer for its version,
 * and every entry left in Redis against the database's current version.
 *
 * @param id      the field the entry is cached under
 * @param name    display name
 * @param email   e-mail address
 * @param score   a number derived from the id
 * @param active  a flag derived from the id
 * @param address nested record
 * @param version how many updates the database row has had
 */
public record Profile(@PositiveOrZero long id, @NotBlank String name, @Email String email,
                      @PositiveOrZero int score, boolean active, @NotNull @Valid Address address,
                      @PositiveOrZero int version) {

    /**
     * Nested part of a profile.
     *
     * @param city city
     * @param zip  postal code
     */
    public record Address(@NotBlank String city, @NotBlank String zip) {
    }

    /** The one correct value for an id that was never updated. */
    static Profile expected(long id) {
        return expected(id, 0);
    }

    /** The one correct value for an id at a version. */
    static Profile expected(long id, int version) {
        return new Profile(id, "user-" + id, "user" + id + "@example.com", (int) ((id * 7 + version) % 1000),
            id % 3 == 0, new Address("city-" + id % 97, String.format("%05d", id % 100_000)), version);
    }
}
