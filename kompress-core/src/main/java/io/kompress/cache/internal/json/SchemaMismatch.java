package io.kompress.cache.internal.json;

import com.google.gson.JsonParseException;

/**
 * Thrown by Kompress's own type adapters when JSON does not match the model. Its message is written by
 * Kompress and never quotes the stored value, so it is safe to log; messages of Gson's own exceptions may
 * quote input and are not used.
 */
public final class SchemaMismatch extends JsonParseException {

    private static final long serialVersionUID = 1L;

    SchemaMismatch(String message) {
        super(message);
    }

    SchemaMismatch(String message, Throwable cause) {
        super(message, cause);
    }
}
