/**
 * Internal: environment variables and duration text. Exported to the aspect only. Null-safety: everything is non-
 * null unless marked {@code @Nullable}.
 */
@NullMarked
package io.kompress.cache.internal.config;

import org.jspecify.annotations.NullMarked;
