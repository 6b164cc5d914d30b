/**
 * Internal: the factory through which the API creates its implementations. Not exported. Null-safety: everything
 * is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package io.kompress.cache.internal;

import org.jspecify.annotations.NullMarked;
