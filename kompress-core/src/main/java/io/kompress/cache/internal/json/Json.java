package io.kompress.cache.internal.json;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * The one Gson instance Kompress reads and writes model JSON with, built once.
 *
 * <p>It writes what Pydantic's {@code model_dump_json} writes (nulls included, no HTML escaping, ISO-8601
 * times, decimals as strings, enums by value) and reads strictly: a wrong token type, an unknown enum value or
 * a missing required field is an error, so the cache treats such an entry as invalid and reloads it.
 */
public final class Json {

    private static final Gson GSON = build();

    private Json() {
    }

    /**
     * The shared instance; thread-safe.
     *
     * @return the Gson
     */
    public static Gson gson() {
        return GSON;
    }

    private static Gson build() {
        GsonBuilder builder = new GsonBuilder()
            .serializeNulls()
            .disableHtmlEscaping()
            .disableJdkUnsafe()
            // Gson consults factories registered later first: StreamingModels before its fallback.
            .registerTypeAdapterFactory(new StrictEnums())
            .registerTypeAdapterFactory(new RequiredFields())
            .registerTypeAdapterFactory(new StreamingModels());
        StrictScalars.register(builder);
        JavaTimeAdapters.register(builder);
        return builder.create();
    }
}
