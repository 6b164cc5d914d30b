package io.kompress.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Deletes a cached entry ({@code HDEL key field} on the primary) after the method returns normally, so that
 * the next {@link HashCached} read loads fresh data. Nothing is deleted when the method throws. For a method
 * returning a {@code CompletionStage}, the entry is deleted when the stage completes normally.
 *
 * <pre>{@code
 * @HashEvict(key = "users", field = "#user.id")
 * public void save(User user) {
 *     database.update(user);
 * }
 * }</pre>
 *
 * <p>{@code key} and {@code field} take the same templates as {@link HashCached}. When Redis cannot serve the
 * delete, the {@link #onRedisError()} policy applies: fail-open logs a WARN (the entry may stay stale until
 * reloaded), throw raises the mapped exception after the method's own work is done.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface HashEvict {

    /**
     * The Redis hash key or key template.
     *
     * @return the key
     */
    String key();

    /**
     * The hash field template, such as {@code "#user.id"}.
     *
     * @return the field template
     */
    String field();

    /**
     * What to do when Redis cannot serve the delete.
     *
     * @return the policy; {@link OnRedisError#DEFAULT} follows the cache's configuration
     */
    OnRedisError onRedisError() default OnRedisError.DEFAULT;
}
