package io.kompress.cache.internal.json;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * JSON texts that parsed into a model and passed its validation, remembered so the same text is not validated
 * again: a hot entry read a thousand times is validated once. Only for models whose constraints depend on the
 * value alone ({@link PureConstraints}); every read is still parsed into a fresh object, so callers never share
 * one. Bounded by estimated bytes (Caffeine, {@link #MAX_BYTES}); losing an entry only costs a validation.
 */
final class ValidatedJson {

    /** Upper bound of the texts held, estimated at two bytes a character plus the entry's own overhead. */
    static final long MAX_BYTES = 8L << 20;

    /** One text for one model: two models of the same text are judged apart. */
    private record Key(JsonModel<?> model, String json) {
    }

    private static final Cache<Key, Boolean> VALID = Caffeine.newBuilder()
        .maximumWeight(MAX_BYTES)
        .<Key, Boolean>weigher((k, v) -> 2 * k.json.length() + 96)
        .executor(Runnable::run)
        .build();

    private ValidatedJson() {
    }

    /** Whether {@code json} was validated for {@code model} before and passed. */
    static boolean known(JsonModel<?> model, String json) {
        return VALID.getIfPresent(new Key(model, json)) != null;
    }

    /** Records that {@code json} passed {@code model}'s validation. */
    static void remember(JsonModel<?> model, String json) {
        VALID.put(new Key(model, json), Boolean.TRUE);
    }

    /** How many texts are remembered now, for tests. */
    static long size() {
        VALID.cleanUp();
        return VALID.estimatedSize();
    }
}
