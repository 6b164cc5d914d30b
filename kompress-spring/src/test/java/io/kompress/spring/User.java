package io.kompress.spring;

import jakarta.validation.constraints.NotBlank;

/** The model the tests cache. */
public record User(long id, @NotBlank String name) {
}
