package io.kompress.cache.internal.json;

import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.time.DateTimeException;
import java.util.function.Function;

/**
 * A value stored as a JSON string ({@code java.time} types, UUIDs, decimals): parsed on read, formatted on
 * write, and an error (so an invalid entry) when the token or the text is wrong.
 *
 * @param <T> the Java type
 */
final class TextAdapter<T> extends TypeAdapter<T> {

    private final Function<String, T> parse;
    private final Function<T, String> format;
    private final boolean acceptNumber;

    /**
     * Creates the adapter.
     *
     * @param parse        text to value; may throw {@link IllegalArgumentException} or
     *                     {@link DateTimeException}
     * @param format       value to text
     * @param acceptNumber whether a JSON number is read too (its text is parsed)
     */
    TextAdapter(Function<String, T> parse, Function<T, String> format, boolean acceptNumber) {
        this.parse = parse;
        this.format = format;
        this.acceptNumber = acceptNumber;
    }

    @Override
    public T read(JsonReader in) throws IOException {
        JsonToken token = in.peek();
        if (token == JsonToken.NULL) {
            in.nextNull();
            return null;
        }
        if (token != JsonToken.STRING && !(acceptNumber && token == JsonToken.NUMBER)) {
            throw new SchemaMismatch("expected STRING but was " + token + " at " + in.getPath());
        }
        String path = in.getPath();
        String text = in.nextString();
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new SchemaMismatch("invalid value at " + path, e);
        }
    }

    @Override
    public void write(JsonWriter out, T value) throws IOException {
        if (value == null) {
            out.nullValue();
        } else {
            out.value(format.apply(value));
        }
    }
}
