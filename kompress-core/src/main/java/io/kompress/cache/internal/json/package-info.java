/**
 * Internal: the strict, Pydantic-compatible JSON models and their validation. Not exported. Null-safety:
 * everything is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package io.kompress.cache.internal.json;

import org.jspecify.annotations.NullMarked;
