package io.kompress.cache;

import java.util.Map;
import java.util.Set;

/**
 * Produces the values of many cache entries at once, for {@link KompressCache#hmgetL}: the one database query
 * ({@code WHERE id IN (...)}) behind a page of entries.
 *
 * <p>It is called at most once per {@code hmgetL} call, with only the fields that were missing, expired or invalid
 * in Redis. Fields it leaves out of its answer have no value (absent from the result; cached as {@code null} when
 * the policy caches nulls); entries it returns for fields it was not asked for are ignored. Whatever it throws
 * reaches the caller unchanged and nothing is written, unless stale-if-error has an expired value for every asked
 * field.
 *
 * @param <T> the type of the loaded values
 */
@FunctionalInterface
public interface BulkLoadable<T> {

    /**
     * Loads the values of {@code fields}.
     *
     * @param fields the fields to load, in the caller's order, without duplicates; unmodifiable
     * @return field to value; may leave fields out, must not hold {@code null} values
     * @throws Exception whatever the source of truth throws; it propagates to the caller unchanged
     */
    Map<String, ? extends T> load(Set<String> fields) throws Exception;
}
