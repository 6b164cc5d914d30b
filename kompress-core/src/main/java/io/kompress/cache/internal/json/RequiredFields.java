package io.kompress.cache.internal.json;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.annotations.SerializedName;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import io.kompress.annotations.OptionalField;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Makes every field of a model class or record required in its JSON, as Pydantic does, unless the field is
 * marked {@link OptionalField} or with any {@code @Nullable}. The general path, for the models
 * {@link StreamingModels} does not take (generic classes, {@code @JsonAdapter} fields, final fields of
 * classes): it parses the object into a tree, checks the names, then lets Gson build the value.
 *
 * <p>This is what lets a model change refresh the cache by itself: an entry written before a field was added
 * lacks that field, fails here, and is reloaded. The required names are computed once per type, honouring
 * {@link SerializedName} (any alternate counts as present). Applies to user types only; JDK, collection and
 * map types keep Gson's handling.
 */
final class RequiredFields implements TypeAdapterFactory {

    @Override
    public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
        Class<? super T> raw = type.getRawType();
        if (!isModel(raw)) {
            return null;
        }
        List<String[]> required = requiredNames(raw, gson);
        if (required.isEmpty()) {
            return null;
        }
        TypeAdapter<T> delegate = gson.getDelegateAdapter(this, type);
        return new Adapter<>(delegate, gson.getAdapter(JsonElement.class), required, raw.getSimpleName());
    }

    static boolean isModel(Class<?> raw) {
        if (raw.isPrimitive() || raw.isArray() || raw.isEnum() || raw.isInterface()
            || Modifier.isAbstract(raw.getModifiers())
            || Collection.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw)) {
            return false;
        }
        String name = raw.getName();
        return !(name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
            || name.startsWith("sun.") || name.startsWith("com.google.gson."));
    }

    /** For each required field, the JSON names any one of which satisfies it. */
    private static List<String[]> requiredNames(Class<?> raw, Gson gson) {
        List<String[]> names = new ArrayList<>();
        for (Class<?> c = raw; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (Modifier.isStatic(mod) || Modifier.isTransient(mod) || f.isSynthetic() || isOptional(f)) {
                    continue;
                }
                names.add(jsonNames(f, gson));
            }
        }
        return names;
    }

    /**
     * The JSON names of a field, its own name first: {@link SerializedName}'s value and alternates, or the
     * name Gson's naming strategy gives it.
     */
    static String[] jsonNames(Field f, Gson gson) {
        SerializedName sn = f.getAnnotation(SerializedName.class);
        if (sn == null) {
            return new String[] {gson.fieldNamingStrategy().translateName(f)};
        }
        String[] all = new String[sn.alternate().length + 1];
        all[0] = sn.value();
        System.arraycopy(sn.alternate(), 0, all, 1, sn.alternate().length);
        return all;
    }

    static boolean isOptional(Field f) {
        if (f.isAnnotationPresent(OptionalField.class)) {
            return true;
        }
        return hasNullable(f.getAnnotations()) || hasNullable(f.getAnnotatedType().getAnnotations());
    }

    private static boolean hasNullable(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if ("Nullable".equals(a.annotationType().getSimpleName())) {
                return true;
            }
        }
        return false;
    }

    /** Checks the names on the parsed object, then lets Gson's reflective adapter build the value. */
    private static final class Adapter<T> extends TypeAdapter<T> {
        private final TypeAdapter<T> delegate;
        private final TypeAdapter<JsonElement> elements;
        private final List<String[]> required;
        private final String typeName;

        Adapter(TypeAdapter<T> delegate, TypeAdapter<JsonElement> elements, List<String[]> required,
                String typeName) {
            this.delegate = delegate;
            this.elements = elements;
            this.required = required;
            this.typeName = typeName;
        }

        @Override
        public T read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            String path = in.getPath();
            JsonElement tree = elements.read(in);
            if (!tree.isJsonObject()) {
                throw new SchemaMismatch("expected a " + typeName + " object at " + path);
            }
            JsonObject object = tree.getAsJsonObject();
            for (String[] names : required) {
                if (!anyPresent(object, names)) {
                    throw new SchemaMismatch("missing required field '" + names[0] + "' of " + typeName
                        + " at " + path);
                }
            }
            return delegate.fromJsonTree(object);
        }

        private static boolean anyPresent(JsonObject object, String[] names) {
            for (String name : names) {
                if (object.has(name)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void write(JsonWriter out, T value) throws IOException {
            delegate.write(out, value);
        }
    }
}
