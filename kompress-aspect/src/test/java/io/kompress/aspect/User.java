package io.kompress.aspect;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;

/** Test model: a record with constraints. */
public record User(long id, @NotBlank String name, @Email String email) {
}
