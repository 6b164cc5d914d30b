/**
 * What the woven aspect calls besides the public API, exported to {@code io.kompress.aspect} alone: the
 * allocation-free near-cache lookup.
 */
@NullMarked
package io.kompress.cache.internal.woven;

import org.jspecify.annotations.NullMarked;
