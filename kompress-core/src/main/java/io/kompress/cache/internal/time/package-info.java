/**
 * Internal: the injectable clock, ticker and schedulers every timing decision uses. Not exported. Null-safety:
 * everything is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package io.kompress.cache.internal.time;

import org.jspecify.annotations.NullMarked;
