package io.kompress.bench;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * The benchmark model: six fields, one nested, with constraints, as a typical cached entity.
 *
 * @param id      id
 * @param name    name
 * @param email   e-mail
 * @param age     age
 * @param active  whether active
 * @param address nested address
 */
public record User(long id, @NotBlank String name, @Email String email, @Min(0) int age, boolean active,
                   @NotNull @Valid Address address) {

    /**
     * The nested part.
     *
     * @param street street
     * @param city   city
     * @param zip    postcode
     */
    public record Address(@NotBlank String street, @NotBlank String city, String zip) {
    }

    static User sample(long id) {
        return new User(id, "User " + id, "user" + id + "@example.com", (int) (20 + id % 50), id % 3 != 0,
            new Address(id + " Main Street", "Springfield", String.format("%05d", id % 100_000)));
    }
}
