package io.kompress.cache.internal.json;

import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.UUID;

/**
 * Type adapters that accept only the JSON token type a field declares, as Pydantic does for model JSON.
 *
 * <p>Gson by default reads {@code 42} into a {@code String} field and {@code "true"} into a {@code boolean};
 * for a cache that must notice when a stored value no longer matches its model that leniency hides schema
 * changes, so here a wrong token is an error and the entry is reloaded. A JSON {@code null} is accepted for
 * reference types and rejected for primitives. Decimals accept a number or a string (Pydantic writes
 * {@code Decimal} as a string, and Kompress writes it the same way).
 */
final class StrictScalars {

    private StrictScalars() {
    }

    static void register(GsonBuilder builder) {
        builder.registerTypeAdapter(String.class, new Scalar<>(JsonToken.STRING, JsonReader::nextString,
            JsonWriter::value, true));
        builder.registerTypeAdapter(Boolean.class, new Scalar<>(JsonToken.BOOLEAN, JsonReader::nextBoolean,
            JsonWriter::value, true));
        builder.registerTypeAdapter(boolean.class, new Scalar<>(JsonToken.BOOLEAN, JsonReader::nextBoolean,
            JsonWriter::value, false));
        // Integral values are parsed from the number's literal text: reading from a JSON tree, Gson would
        // truncate 1.5 to 1 instead of failing.
        registerNumber(builder, Integer.class, int.class, in -> Integer.parseInt(in.nextString()));
        registerNumber(builder, Long.class, long.class, in -> Long.parseLong(in.nextString()));
        registerNumber(builder, Double.class, double.class, JsonReader::nextDouble);
        registerNumber(builder, Short.class, short.class, in -> Short.parseShort(in.nextString()));
        registerNumber(builder, Byte.class, byte.class, in -> Byte.parseByte(in.nextString()));
        registerNumber(builder, Float.class, float.class, in -> (float) in.nextDouble());
        builder.registerTypeAdapter(BigInteger.class, new Scalar<BigInteger>(JsonToken.NUMBER,
            in -> new BigInteger(in.nextString()), JsonWriter::value, true));
        // Pydantic writes Decimal as a JSON string (keeping its scale) and reads a string or a number.
        builder.registerTypeAdapter(BigDecimal.class,
            new TextAdapter<>(BigDecimal::new, BigDecimal::toPlainString, true));
        builder.registerTypeAdapter(UUID.class, new TextAdapter<>(StrictScalars::uuid, UUID::toString, false));
    }

    private static <T extends Number> void registerNumber(GsonBuilder builder, Class<T> boxed, Class<?> primitive,
                                                          Reader<T> reader) {
        builder.registerTypeAdapter(boxed, new Scalar<T>(JsonToken.NUMBER, reader, JsonWriter::value, true));
        builder.registerTypeAdapter(primitive, new Scalar<T>(JsonToken.NUMBER, reader, JsonWriter::value, false));
    }

    /** Canonical 8-4-4-4-12 hex only: {@link UUID#fromString} also takes forms like {@code 1-2-3-4-5}. */
    private static UUID uuid(String s) {
        if (s.length() != 36 || s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-'
            || s.charAt(23) != '-') {
            throw new SchemaMismatch("not a UUID: expected 8-4-4-4-12 hex digits");
        }
        return UUID.fromString(s);
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(JsonReader in) throws IOException;
    }

    @FunctionalInterface
    private interface Writer<T> {
        void write(JsonWriter out, T value) throws IOException;
    }

    /** One JSON token type in, the same out. */
    private static final class Scalar<T> extends TypeAdapter<T> {
        private final JsonToken token;
        private final Reader<? extends T> reader;
        private final Writer<? super T> writer;
        private final boolean nullable;

        Scalar(JsonToken token, Reader<? extends T> reader, Writer<? super T> writer, boolean nullable) {
            this.token = token;
            this.reader = reader;
            this.writer = writer;
            this.nullable = nullable;
        }

        @Override
        public T read(JsonReader in) throws IOException {
            JsonToken actual = in.peek();
            if (actual == JsonToken.NULL && nullable) {
                in.nextNull();
                return null;
            }
            if (actual != token) {
                throw new SchemaMismatch("expected " + token + " but was " + actual + " at " + in.getPath());
            }
            return reader.read(in);
        }

        @Override
        public void write(JsonWriter out, T value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                writer.write(out, value);
            }
        }
    }
}
