/**
 * The annotations that make a method cached ({@code @HashCached}) or evicting ({@code @HashEvict}), and the model-
 * field marker {@code @OptionalField}. Null-safety: everything is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package io.kompress.annotations;

import org.jspecify.annotations.NullMarked;
