/**
 * Optional Micrometer binding of a cache's events. Null-safety: everything is non-null unless marked {@code
 * @Nullable}.
 */
@NullMarked
package io.kompress.cache.micrometer;

import org.jspecify.annotations.NullMarked;
