package io.kompress.cache.internal.json;

import com.google.gson.Gson;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.annotations.SerializedName;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Enums by value, like Pydantic's: the JSON string is the constant's {@link SerializedName} (or its name),
 * and an unknown string is an error. Gson's own enum adapter returns {@code null} for an unknown value, which
 * would let an entry written by a newer model version pass as valid.
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
        return (TypeAdapter<T>) new Adapter(raw);
    }

    /** Reads and writes one enum type. */
    private static final class Adapter<E extends Enum<E>> extends TypeAdapter<E> {
        private final Map<String, E> byJson = new HashMap<>();
        private final Map<E, String> toJson = new HashMap<>();
        private final String typeName;

        Adapter(Class<E> type) {
            this.typeName = type.getSimpleName();
            for (E constant : type.getEnumConstants()) {
                String name = constant.name();
                try {
                    SerializedName sn = type.getField(name).getAnnotation(SerializedName.class);
                    if (sn != null) {
                        name = sn.value();
                        for (String alternate : sn.alternate()) {
                            byJson.put(alternate, constant);
                        }
                    }
                } catch (NoSuchFieldException e) {
                    throw new IllegalStateException("enum constant without a field: " + constant, e);
                }
                byJson.put(name, constant);
                toJson.put(constant, name);
            }
        }

        @Override
        public E read(JsonReader in) throws IOException {
            JsonToken token = in.peek();
            if (token == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            if (token != JsonToken.STRING) {
                throw new SchemaMismatch("expected a " + typeName + " string but was " + token
                    + " at " + in.getPath());
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
            } else {
                out.value(toJson.get(value));
            }
        }
    }
}
