/**
 * What the library's own adapters call besides the public API, exported to them alone: the process-wide cache
 * and the allocation-free near-cache lookup for the woven aspect ({@code io.kompress.aspect}), a lookup without a
 * loader and a write under a policy for the Spring Cache adapter ({@code io.kompress.spring}).
 */
@NullMarked
package io.kompress.cache.internal.woven;

import org.jspecify.annotations.NullMarked;
