package io.kompress.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a model field (or record component) that a cached JSON value may omit.
 *
 * <p>Kompress treats a cached value like Pydantic treats input: every field of the model is required unless
 * it is marked optional, so adding a field to a model makes the entries written before the change invalid
 * and they are reloaded on their next read, with no manual invalidation. Mark a new field optional when the
 * old entries should stay valid; an absent optional field keeps the value Gson gives it (the field
 * initialiser for classes with a no-argument constructor, otherwise {@code null}, {@code 0} or
 * {@code false}).
 *
 * <pre>{@code
 * public record User(long id, String name, @OptionalField String nickname) { }
 * }</pre>
 *
 * <p>Any annotation whose simple name is {@code Nullable} (JSpecify, {@code jakarta.annotation},
 * JetBrains, ...) has the same effect, provided it is retained at run time.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface OptionalField {
}
