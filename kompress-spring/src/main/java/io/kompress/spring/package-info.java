/**
 * Spring's cache abstraction ({@code @Cacheable}, {@code @CachePut}, {@code @CacheEvict}) on Kompress Cache:
 * {@link io.kompress.spring.KompressCacheManager} and the caches it makes. A cache name is a Redis hash key, a
 * cache key one of its fields; values are the model's plain JSON, validated like every Kompress entry.
 */
@NullMarked
package io.kompress.spring;

import org.jspecify.annotations.NullMarked;
