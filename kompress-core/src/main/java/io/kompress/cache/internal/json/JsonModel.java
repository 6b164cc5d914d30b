package io.kompress.cache.internal.json;

import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import io.kompress.cache.CacheModel;
import io.kompress.cache.errors.InvalidValueException;
import io.kompress.cache.internal.util.Errors;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link CacheModel} implementation: a Gson adapter (strict, Pydantic-compatible) and a Bean Validation
 * plan, both worked out once per type. {@link #of(Class)} and {@link #of(Type)} return the same instance for
 * the same type; {@link #RAW} is the no-model string of the plain {@code hgetL}.
 *
 * @param <T> the model type
 */
public final class JsonModel<T> implements CacheModel<T> {

    private static final ClassValue<JsonModel<?>> BY_CLASS = new ClassValue<>() {
        @Override
        protected JsonModel<?> computeValue(Class<?> type) {
            return new JsonModel<>(type);
        }
    };
    private static final Map<Type, JsonModel<?>> BY_TYPE = new ConcurrentHashMap<>();
    /** The model of the no-model {@code hgetL}: the stored string is returned as it is, never parsed. */
    public static final JsonModel<String> RAW = new JsonModel<>();

    private final Type type;
    private final String name;
    private final TypeAdapter<T> adapter;
    private final Class<?> validatedClass;
    private final boolean validatedClassConstrained;
    /** Whether validation depends on the value alone, so a text that passed once passes again (no re-check). */
    private final boolean memoized;
    private final boolean elements;
    private final boolean raw;

    @SuppressWarnings("unchecked")
    private JsonModel(Type type) {
        if (type == void.class || type == Void.class) {
            throw new IllegalArgumentException("void is not a model type");
        }
        Class<?> rawType = TypeToken.get(type).getRawType();
        requireConstructible(rawType);
        this.type = type;
        this.name = type.getTypeName();
        this.adapter = (TypeAdapter<T>) Json.gson().getAdapter(TypeToken.get(type));
        this.elements = Collection.class.isAssignableFrom(rawType) || Map.class.isAssignableFrom(rawType);
        this.validatedClass = elements ? elementClass(type) : rawType;
        this.validatedClassConstrained = validatedClass == null
            || Validation.validator().getConstraintsForClass(validatedClass).isBeanConstrained();
        this.memoized = validatedClassConstrained && validatedClass != null && PureConstraints.of(validatedClass);
        this.raw = false;
    }

    private JsonModel() {
        this.type = String.class;
        this.name = "raw string";
        this.adapter = null;
        this.validatedClass = String.class;
        this.validatedClassConstrained = false;
        this.memoized = false;
        this.elements = false;
        this.raw = true;
    }

    /**
     * The model for a class or record.
     *
     * @param type the model class
     * @param <T>  the model type
     * @return the model, the same instance on every call for the same class
     * @throws IllegalArgumentException when the type cannot be a model (void, or a class without a
     *                                  no-argument constructor that is not a record)
     */
    @SuppressWarnings("unchecked")
    public static <T> JsonModel<T> of(Class<T> type) {
        return (JsonModel<T>) BY_CLASS.get(Objects.requireNonNull(type, "type"));
    }

    /**
     * The model for any type, including generic ones such as {@code List<User>} (from
     * {@link java.lang.reflect.Method#getGenericReturnType()} or a Gson {@code TypeToken}).
     *
     * @param type the model type
     * @param <T>  the model type, unchecked: the caller vouches for it
     * @return the model, the same instance for equal types
     * @throws IllegalArgumentException when the type cannot be a model
     */
    @SuppressWarnings("unchecked")
    public static <T> JsonModel<T> of(Type type) {
        Objects.requireNonNull(type, "type");
        if (type instanceof Class) {
            return (JsonModel<T>) of((Class<?>) type);
        }
        return (JsonModel<T>) BY_TYPE.computeIfAbsent(type, JsonModel::new);
    }

    /**
     * The Java type values are parsed into.
     *
     * @return the type
     */
    @Override
    public Type type() {
        return type;
    }

    /**
     * Parses and validates stored JSON.
     *
     * @param json the stored value
     * @return the value, never null
     * @throws InvalidValueException when the JSON is malformed, a JSON {@code null}, has a wrong type, lacks a
     *                               required field, or violates a constraint
     */
    @SuppressWarnings("unchecked")
    @Override
    public T fromJson(String json) {
        if (raw) {
            return (T) json;
        }
        String notJson = RfcStrictness.violation(json);
        if (notJson != null) {
            throw Errors.invalidValue("not valid JSON (RFC 8259): " + notJson, null);
        }
        T value;
        JsonReader reader = new JsonReader(new StringReader(json));
        reader.setStrictness(Strictness.STRICT);
        try {
            value = adapter.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw Errors.invalidValue("trailing data after the JSON value", null);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidValueException) {
                throw (InvalidValueException) e;
            }
            throw Errors.invalidValue("not a valid " + name + ": " + describe(e, reader), e);
        } catch (StackOverflowError e) {
            throw Errors.invalidValue("not a valid " + name + ": nested too deeply", null);
        }
        if (value == null) {
            throw Errors.invalidValue("JSON null where a " + name + " was expected", null);
        }
        if (!memoized) {
            validate(value);
        } else if (!ValidatedJson.known(this, json)) {
            validate(value);
            ValidatedJson.remember(this, json);
        }
        return value;
    }

    /** Whether a text that passed this model's validation is trusted when read again ({@link PureConstraints}). */
    boolean memoizesValidation() {
        return memoized;
    }

    /**
     * Writes a value as the model's plain JSON, the format the Python package reads.
     *
     * @param value the value, not null
     * @return the JSON
     */
    @Override
    public String toJson(T value) {
        Objects.requireNonNull(value, "value");
        if (raw) {
            return (String) value;
        }
        StringWriter out = new StringWriter();
        try {
            JsonWriter writer = new JsonWriter(out);
            writer.setSerializeNulls(true);
            writer.setHtmlSafe(false);
            adapter.write(writer, value);
            writer.flush();
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen: writing to a string", e);
        }
        return out.toString();
    }

    /**
     * Checks a value against the model's Bean Validation constraints (each element, for collections and maps).
     *
     * @param value the value, not null
     * @throws InvalidValueException naming the first violated constraint
     */
    @Override
    public void validate(T value) {
        if (raw) {
            return;
        }
        if (elements) {
            Iterable<?> items = value instanceof Map ? ((Map<?, ?>) value).values() : (Iterable<?>) value;
            for (Object item : items) {
                validateOne(item);
            }
        } else {
            validateOne(value);
        }
    }

    private void validateOne(Object value) {
        if (value == null || (value.getClass() == validatedClass && !validatedClassConstrained)) {
            return;
        }
        String violation = Validation.firstViolation(value);
        if (violation != null) {
            throw Errors.invalidValue("constraint violated: " + violation, null);
        }
    }

    /** Our adapters' messages are value-free; Gson's may quote the input, so only their type and path are kept. */
    private static String describe(Exception e, JsonReader reader) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SchemaMismatch) {
                return t.getMessage();
            }
        }
        return "malformed or mistyped JSON (" + e.getClass().getSimpleName() + ") at " + reader.getPath();
    }

    private static Class<?> elementClass(Type type) {
        if (type instanceof ParameterizedType) {
            Type[] args = ((ParameterizedType) type).getActualTypeArguments();
            Type element = args[args.length - 1];
            if (element instanceof Class) {
                return (Class<?>) element;
            }
            if (element instanceof ParameterizedType) {
                return (Class<?>) ((ParameterizedType) element).getRawType();
            }
        }
        return null;
    }

    private static void requireConstructible(Class<?> type) {
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            if (type.isPrimitive() || type.isArray() || Collection.class.isAssignableFrom(type)
                || Map.class.isAssignableFrom(type) || type == Number.class) {
                return; // Gson picks a concrete collection, map or number
            }
            throw new IllegalArgumentException("model " + type.getName() + " is an interface or abstract class; "
                + "nothing would say which class to create from stored JSON (and no other class is ever "
                + "created), so use a concrete class or record");
        }
        if (type.isRecord() || type.isPrimitive() || type.isEnum() || type.isArray()
            || type.getName().startsWith("java.")) {
            return;
        }
        try {
            type.getDeclaredConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("model " + type.getName() + " has no no-argument constructor; "
                + "add one (it may be private) or make it a record", e);
        }
    }

    @Override
    public String toString() {
        return "CacheModel[" + name + "]";
    }
}
