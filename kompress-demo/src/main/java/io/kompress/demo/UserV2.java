package io.kompress.demo;

import jakarta.validation.constraints.NotBlank;

/**
 * The next release of {@link User}: it gains a required {@code tier}, so entries written by the previous
 * release are invalid for it and refresh on their next read, with no manual invalidation.
 *
 * @param id    user id
 * @param name  display name
 * @param email e-mail address
 * @param tier  plan tier, new and required
 */
public record UserV2(long id, String name, String email, @NotBlank String tier) {
}
