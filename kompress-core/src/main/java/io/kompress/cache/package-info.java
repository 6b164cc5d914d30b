/**
 * The API: {@link io.kompress.cache.KompressCache}, its configuration and deployments, models, policies,
 * listeners, statistics and errors, and the escape hatch {@link io.kompress.cache.RedisCall}. Null-safety:
 * everything is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package io.kompress.cache;

import org.jspecify.annotations.NullMarked;
