package io.kompress.cache.internal.json;

import com.google.gson.Gson;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.annotations.JsonAdapter;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads records and plain classes in one streaming pass, checking required fields as it goes: the hit path's
 * parser. Each JSON name is looked up in a map built once per type, its value read by Gson's adapter for the
 * field's type, and its presence recorded in a bit mask; records are built through their canonical
 * constructor and classes through their no-argument constructor, both as method handles. Compared with
 * {@link RequiredFields}' tree it halves the work and the garbage of a hit.
 *
 * <p>Declines (so the tree path applies) for generic classes, fields declared with type variables or
 * {@link JsonAdapter}, final fields of classes, more than 64 fields, and duplicate JSON names. Writing is
 * left to Gson's reflective adapter.
 */
final class StreamingModels implements TypeAdapterFactory {

    private static final int MAX_FIELDS = 64;

    @Override
    public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
        Class<? super T> raw = type.getRawType();
        if (!RequiredFields.isModel(raw) || raw.getTypeParameters().length > 0) {
            return null;
        }
        List<Field> fields = fields(raw);
        if (fields == null || fields.size() > MAX_FIELDS) {
            return null;
        }
        try {
            Shape shape = raw.isRecord() ? recordShape(raw, fields) : classShape(raw, fields);
            if (shape == null) {
                return null;
            }
            Map<String, Bound> byName = new HashMap<>();
            long required = 0;
            String[] names = new String[fields.size()];
            for (int i = 0; i < fields.size(); i++) {
                Field f = fields.get(i);
                Bound b = new Bound(i, 1L << i, gson.getAdapter(TypeToken.get(f.getGenericType())),
                    shape.setters == null ? null : shape.setters[i], f.getType().isPrimitive());
                String[] jsonNames = RequiredFields.jsonNames(f, gson);
                names[i] = jsonNames[0];
                for (String n : jsonNames) {
                    if (byName.put(n, b) != null) {
                        return null; // two fields claim one JSON name: leave it to Gson, which reports it
                    }
                }
                if (!RequiredFields.isOptional(f)) {
                    required |= b.bit;
                }
            }
            @SuppressWarnings("unchecked")
            TypeAdapter<T> delegate = gson.getDelegateAdapter(this, type);
            return new Adapter<>(raw.getSimpleName(), byName, names, required, shape, delegate);
        } catch (IllegalAccessException | InaccessibleObjectException | NoSuchMethodException e) {
            return null; // not accessible to us: Gson's own adapter decides
        }
    }

    /** Serialisable fields in declaration order, or null when one needs Gson's general handling. */
    private static List<Field> fields(Class<?> raw) {
        List<Field> fields = new ArrayList<>();
        List<Class<?>> hierarchy = new ArrayList<>();
        for (Class<?> c = raw; c != null && c != Object.class; c = c.getSuperclass()) {
            hierarchy.add(0, c);
        }
        for (Class<?> c : hierarchy) {
            for (Field f : c.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (Modifier.isStatic(mod) || Modifier.isTransient(mod) || f.isSynthetic()) {
                    continue;
                }
                if (f.isAnnotationPresent(JsonAdapter.class) || hasTypeVariable(f.getGenericType())
                    || (!raw.isRecord() && Modifier.isFinal(mod))) {
                    return null;
                }
                fields.add(f);
            }
        }
        return fields;
    }

    private static boolean hasTypeVariable(Type t) {
        if (t instanceof TypeVariable) {
            return true;
        }
        if (t instanceof ParameterizedType) {
            for (Type a : ((ParameterizedType) t).getActualTypeArguments()) {
                if (hasTypeVariable(a)) {
                    return true;
                }
            }
            return false;
        }
        if (t instanceof GenericArrayType) {
            return hasTypeVariable(((GenericArrayType) t).getGenericComponentType());
        }
        return t instanceof WildcardType;
    }

    private static Shape recordShape(Class<?> raw, List<Field> fields) throws IllegalAccessException,
        NoSuchMethodException {
        RecordComponent[] components = raw.getRecordComponents();
        if (components.length != fields.size()) {
            return null;
        }
        Class<?>[] types = new Class<?>[components.length];
        Object[] defaults = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            if (!components[i].getName().equals(fields.get(i).getName())) {
                return null;
            }
            types[i] = components[i].getType();
            defaults[i] = zero(types[i]);
        }
        Constructor<?> canonical = raw.getDeclaredConstructor(types);
        canonical.setAccessible(true);
        MethodHandle create = MethodHandles.lookup().unreflectConstructor(canonical)
            .asType(MethodType.genericMethodType(components.length))
            .asSpreader(Object[].class, components.length);
        return new Shape(create, defaults, null);
    }

    private static Shape classShape(Class<?> raw, List<Field> fields) throws IllegalAccessException,
        NoSuchMethodException {
        Constructor<?> noArgs = raw.getDeclaredConstructor();
        noArgs.setAccessible(true);
        MethodHandle create = MethodHandles.lookup().unreflectConstructor(noArgs)
            .asType(MethodType.methodType(Object.class));
        MethodHandle[] setters = new MethodHandle[fields.size()];
        for (int i = 0; i < setters.length; i++) {
            Field f = fields.get(i);
            f.setAccessible(true);
            setters[i] = MethodHandles.lookup().unreflectSetter(f)
                .asType(MethodType.methodType(void.class, Object.class, Object.class));
        }
        return new Shape(create, null, setters);
    }

    /** The value a record component gets when its (optional) field is absent: null, 0 or false. */
    private static Object zero(Class<?> type) {
        if (!type.isPrimitive()) {
            return null;
        }
        try {
            return MethodHandles.zero(type).invoke();
        } catch (Throwable t) {
            throw new IllegalStateException("no zero value for " + type, t);
        }
    }

    /** How instances are made: a record's canonical constructor (with defaults) or a no-args one and setters. */
    private record Shape(MethodHandle create, Object[] defaults, MethodHandle[] setters) {
    }

    /** One field: its position, presence bit, value adapter and (for classes) setter. */
    private record Bound(int index, long bit, TypeAdapter<?> adapter, MethodHandle setter, boolean primitive) {
    }

    /** Reads one model type. */
    private static final class Adapter<T> extends TypeAdapter<T> {
        private final String typeName;
        private final Map<String, Bound> byName;
        private final String[] names;
        private final long required;
        private final Shape shape;
        private final TypeAdapter<T> delegate;

        Adapter(String typeName, Map<String, Bound> byName, String[] names, long required, Shape shape,
                TypeAdapter<T> delegate) {
            this.typeName = typeName;
            this.byName = byName;
            this.names = names;
            this.required = required;
            this.shape = shape;
            this.delegate = delegate;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T read(JsonReader in) throws IOException {
            JsonToken token = in.peek();
            if (token == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            if (token != JsonToken.BEGIN_OBJECT) {
                throw new SchemaMismatch("expected a " + typeName + " object but was " + token + " at "
                    + in.getPath());
            }
            boolean record = shape.defaults != null;
            Object[] values = record ? shape.defaults.clone() : null;
            Object instance = record ? null : newInstance();
            long seen = 0;
            in.beginObject();
            while (in.hasNext()) {
                Bound b = byName.get(in.nextName());
                if (b == null) {
                    in.skipValue();
                    continue;
                }
                Object value = b.adapter.read(in);
                seen |= b.bit;
                if (record) {
                    values[b.index] = value == null && b.primitive ? values[b.index] : value;
                } else if (value != null || !b.primitive) {
                    set(b, instance, value);
                }
            }
            in.endObject();
            long missing = required & ~seen;
            if (missing != 0) {
                throw new SchemaMismatch("missing required field '" + names[Long.numberOfTrailingZeros(missing)]
                    + "' of " + typeName + " at " + in.getPreviousPath());
            }
            return (T) (record ? construct(values) : instance);
        }

        private Object newInstance() {
            try {
                return shape.create.invokeExact();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new SchemaMismatch("cannot create a " + typeName, t);
            }
        }

        private Object construct(Object[] values) {
            try {
                return shape.create.invokeExact(values);
            } catch (Error e) {
                throw e;
            } catch (Throwable t) {
                throw new SchemaMismatch(typeName + "'s constructor rejected the value ("
                    + t.getClass().getSimpleName() + ")", t);
            }
        }

        private static void set(Bound b, Object instance, Object value) {
            try {
                b.setter.invokeExact(instance, value);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("cannot set a field", t);
            }
        }

        @Override
        public void write(JsonWriter out, T value) throws IOException {
            delegate.write(out, value);
        }
    }
}
