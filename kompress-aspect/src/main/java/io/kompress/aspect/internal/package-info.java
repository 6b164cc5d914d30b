/**
 * The woven aspect and its per-method plans. Exported because woven code calls it; not API. Null-safety:
 * everything is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package io.kompress.aspect.internal;

import org.jspecify.annotations.NullMarked;
