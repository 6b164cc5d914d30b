package io.kompress.cache.internal.woven;

import io.kompress.cache.CacheModel;
import io.kompress.cache.CachePolicy;
import io.kompress.cache.internal.near.NearCache;
import org.jspecify.annotations.Nullable;

/**
 * The near-cache lookup the woven aspect makes before anything else, so that a near hit of a
 * {@code @HashCached(nearCache = true)} method costs a map lookup and allocates nothing: no join point, no
 * argument array, no field text, no loader. Anything but a hit ({@link #MISS}) sends the call down the full
 * read-through path, which validates the arguments, counts the miss and reads Redis; so a hit answered here is
 * exactly the hit that path would have answered.
 */
public interface NearLookups {

    /** What a lookup returns when it has no hit. */
    Object MISS = NearCache.MISS;

    /**
     * The held value of {@code key}/{@code field}, counted as a near hit, or {@link #MISS}.
     *
     * @return the value ({@code null} for a cached null), or {@link #MISS}
     */
    @Nullable Object nearHit(String key, String field, CacheModel<?> model, CachePolicy policy);

    /**
     * {@link #nearHit(String, String, CacheModel, CachePolicy)} for the field {@code Long.toString(field)}, without
     * building that text.
     *
     * @return the value ({@code null} for a cached null), or {@link #MISS}
     */
    @Nullable Object nearHit(String key, long field, CacheModel<?> model, CachePolicy policy);
}
