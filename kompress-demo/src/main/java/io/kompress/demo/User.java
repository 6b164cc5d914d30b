package io.kompress.demo;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

/**
 * The demo's model, stored as plain JSON that the Python package reads too.
 *
 * @param id    user id
 * @param name  display name
 * @param email e-mail address
 */
public record User(@Positive long id, @NotBlank String name, @Email String email) {
}
