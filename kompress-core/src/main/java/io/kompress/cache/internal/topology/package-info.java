/**
 * Internal: which node serves a call (standalone, Sentinel, Cluster), failover, probing and the error taxonomy.
 * Not exported. Null-safety: everything is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package io.kompress.cache.internal.topology;

import org.jspecify.annotations.NullMarked;
