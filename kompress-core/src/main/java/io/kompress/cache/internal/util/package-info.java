/**
 * Internal: logging and small helpers. Exported to the aspect only. Null-safety: everything is non-null unless
 * marked {@code @Nullable}.
 */
@NullMarked
package io.kompress.cache.internal.util;

import org.jspecify.annotations.NullMarked;
