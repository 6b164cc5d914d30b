/**
 * Internal: the cache engine (read-through, entries, single-flight, locks, refresh-ahead, events). Not exported.
 * Null-safety: everything is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package io.kompress.cache.internal.engine;

import org.jspecify.annotations.NullMarked;
