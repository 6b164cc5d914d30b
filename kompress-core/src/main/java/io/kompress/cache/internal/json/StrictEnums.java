package io.kompress.cache.internal.json;

import com.google.gson.Gson;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.annotations.SerializedName;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import io.kompress.annotations.EnumNumber;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;

/**
 * Enums by value, like Pydantic's: the JSON string is the constant's {@link SerializedName} (or its name), or,
 * for an enum whose constants carry {@link EnumNumber}, the JSON number (a Python {@code IntEnum}); an unknown
 * value is an error. Gson's own enum adapter returns {@code null} for an unknown value, which would let an entry
 * written by a newer model version pass as valid.
 */
final class StrictEnums implements TypeAdapterFactory {

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
        Class<? super T> raw = type.getRawType();
        if (!Enum.class.isAssignableFrom(raw) || raw == Enum.class) {
            return null;
        }
        if (!raw.isEnum()) {
            raw = raw.getSuperclass(); // a constant with a body is an anonymous subclass
        }
        return new Adapter(raw, numbered(raw));
    }

    private static Field field(Enum<?> constant) {
        try {
            return constant.getDeclaringClass().getField(constant.name());
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("enum constant without a field: " + constant, e);
        }
    }

    /** Whether the enum's constants carry {@link EnumNumber}: all of them, or (returning false) none. */
    private static boolean numbered(Class<?> type) {
        int numbered = 0;
        Object[] constants = type.getEnumConstants();
        for (Object c : constants) {
            if (field((Enum<?>) c).isAnnotationPresent(EnumNumber.class)) {
                numbered++;
            }
        }
        if (numbered != 0 && numbered != constants.length) {
            throw new IllegalArgumentException("enum " + type.getName() + " has @EnumNumber on " + numbered + " of "
                + constants.length + " constants; number every constant (stored as JSON numbers) or none (stored "
                + "as strings)");
        }
        return numbered > 0;
    }

    /**
     * Reads and writes one enum type: by the JSON text of each constant's value, a string or (for
     * {@link EnumNumber}) the number's literal, so {@code 2.0} or {@code 2e0} match nothing.
     */
    private static final class Adapter<E extends Enum<E>> extends TypeAdapter<E> {
        private final Map<String, E> byJson = new HashMap<>();
        private final Map<E, String> toJson = new HashMap<>();
        private final JsonToken token;
        private final String typeName;

        Adapter(Class<E> type, boolean numbered) {
            this.token = numbered ? JsonToken.NUMBER : JsonToken.STRING;
            this.typeName = type.getSimpleName();
            for (E constant : type.getEnumConstants()) {
                if (numbered) {
                    long number = field(constant).getAnnotation(EnumNumber.class).value();
                    E clash = byJson.put(Long.toString(number), constant);
                    if (clash != null) {
                        throw new IllegalArgumentException("enum " + type.getName() + " gives @EnumNumber("
                            + number + ") to both " + clash.name() + " and " + constant.name());
                    }
                    toJson.put(constant, Long.toString(number));
                    continue;
                }
                String name = constant.name();
                SerializedName sn = field(constant).getAnnotation(SerializedName.class);
                if (sn != null) {
                    name = sn.value();
                    for (String alternate : sn.alternate()) {
                        byJson.put(alternate, constant);
                    }
                }
                byJson.put(name, constant);
                toJson.put(constant, name);
            }
        }

        @Override
        public E read(JsonReader in) throws IOException {
            JsonToken found = in.peek();
            if (found == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            if (found != token) {
                throw new SchemaMismatch("expected a " + typeName + (token == JsonToken.NUMBER ? " number" : " string")
                    + " but was " + found + " at " + in.getPath());
            }
            String path = in.getPath();
            E constant = byJson.get(in.nextString());
            if (constant == null) {
                throw new SchemaMismatch("unknown " + typeName + " value at " + path);
            }
            return constant;
        }

        @Override
        public void write(JsonWriter out, E value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else if (token == JsonToken.NUMBER) {
                out.jsonValue(toJson.get(value)); // a long's literal
            } else {
                out.value(toJson.get(value));
            }
        }
    }
}
