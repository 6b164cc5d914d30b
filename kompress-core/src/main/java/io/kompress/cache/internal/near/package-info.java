/**
 * The near cache: entries kept in this JVM's memory (Caffeine, bounded by weight) and dropped when Redis reports a
 * change of their hash key or when the invalidation stream may have missed one. Internal.
 */
package io.kompress.cache.internal.near;
