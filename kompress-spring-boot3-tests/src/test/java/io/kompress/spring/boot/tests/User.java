package io.kompress.spring.boot.tests;

import jakarta.validation.constraints.NotBlank;

/** The model the test application caches. */
public record User(long id, @NotBlank String name) {
}
