package io.kompress.cache.internal.woven;

import io.kompress.cache.CacheModel;
import io.kompress.cache.CachePolicy;
import io.kompress.cache.internal.near.NearCache;
import org.jspecify.annotations.Nullable;

/**
 * What a cache abstraction that splits a read-through into a lookup and a store needs besides the public API (the
 * Spring Cache adapter: {@code Cache.get(key)}, then the method, then {@code Cache.put(key, value)}). The lookup
 * judges an entry exactly as read-through does (near cache first, then a replica; expired, invalid or oversized
 * entries are misses) but never calls a loader; the store writes under the policy's expiry, announced to every near
 * cache, as a write-back does.
 */
public interface EntryAccess {

    /** What {@link #peek} returns when there is no usable entry. */
    Object MISS = NearCache.MISS;

    /**
     * The usable value of {@code key}/{@code field}, counted as a lookup, or {@link #MISS}. A Redis error follows the
     * policy's failure policy: thrown, or a {@link #MISS} (fail-open).
     *
     * @return the value ({@code null} for a cached null), or {@link #MISS}
     */
    @Nullable Object peek(String key, String field, CacheModel<?> model, CachePolicy policy);

    /**
     * Writes {@code value} under the policy (TTL with jitter, stale window; {@code null} only when the policy caches
     * nulls), whatever the entry held; a value the model rejects is not written (WARN). A Redis error follows the
     * policy's failure policy: thrown, or logged (fail-open).
     */
    <T> void put(String key, String field, @Nullable T value, CacheModel<T> model, CachePolicy policy);
}
