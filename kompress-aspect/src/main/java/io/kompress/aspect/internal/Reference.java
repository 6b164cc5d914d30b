package io.kompress.aspect.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;

/**
 * One {@code #param.property.chain} of a {@link Template}: a parameter index and the getters to apply,
 * resolved against the declared types once, then invoked through pre-adapted method handles on each call.
 */
final class Reference {

    private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);

    private final String path;
    private final int index;
    private final MethodHandle[] getters;
    private final String[] names;

    private Reference(String path, int index, MethodHandle[] getters, String[] names) {
        this.path = path;
        this.index = index;
        this.getters = getters;
        this.names = names;
    }

    static Reference resolve(TemplateSyntax.Path path, String source, String what, MethodShape shape) {
        String[] segments = path.segments();
        int index = shape.indexOf(segments[0]);
        if (index < 0) {
            throw new IllegalArgumentException(TemplateSyntax.unknownParameter(shape.description(), what, source,
                segments[0], shape.names())
                + (shape.namesMissing() ? "; compile with -parameters to use names" : ""));
        }
        MethodHandle[] getters = new MethodHandle[segments.length - 1];
        Class<?> type = shape.types()[index];
        for (int i = 1; i < segments.length; i++) {
            Accessor accessor = accessor(type, segments[i]);
            if (accessor == null) {
                throw new IllegalArgumentException(TemplateSyntax.noProperty(shape.description(), what, source,
                    type.getName(), segments[i]));
            }
            getters[i - 1] = accessor.handle;
            type = accessor.type;
        }
        return new Reference(path.text(), index, getters, segments);
    }

    /** Whether this reference is parameter {@code i} itself, with no property read. */
    boolean isWholeParameter(int i) {
        return index == i && getters.length == 0;
    }

    Object evaluate(Object[] args, Template owner) {
        Object value = args[index];
        for (int i = 0; i < getters.length; i++) {
            if (value == null) {
                throw new IllegalArgumentException(owner.method() + ": expression '" + owner.source()
                    + "' cannot read '" + names[i + 1] + "' of #" + String.join(".", Arrays.copyOf(names, i + 1))
                    + ", which is null");
            }
            try {
                value = getters[i].invokeExact(value);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(owner.method() + ": reading #" + path + " failed", t);
            }
        }
        return value;
    }

    String path() {
        return path;
    }

    /** A resolved getter: its handle (Object to Object) and the type it returns. */
    private record Accessor(MethodHandle handle, Class<?> type) {
    }

    private static Accessor accessor(Class<?> type, String name) {
        for (String candidate : TemplateSyntax.getterNames(name)) {
            Method m = publicNoArg(type, candidate);
            if (m != null && m.getReturnType() != void.class) {
                return new Accessor(adapt(unreflect(m)), m.getReturnType());
            }
        }
        try {
            Field f = type.getField(name);
            if (!Modifier.isStatic(f.getModifiers())) {
                f.setAccessible(true);
                return new Accessor(adapt(MethodHandles.lookup().unreflectGetter(f)), f.getType());
            }
        } catch (NoSuchFieldException | IllegalAccessException | InaccessibleObjectException e) {
            return null;
        }
        return null;
    }

    private static Method publicNoArg(Class<?> type, String name) {
        try {
            Method m = type.getMethod(name);
            return Modifier.isStatic(m.getModifiers()) ? null : m;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static MethodHandle unreflect(Method m) {
        try {
            m.setAccessible(true); // public method of a non-public class, such as a package-private record
            return MethodHandles.lookup().unreflect(m);
        } catch (IllegalAccessException | InaccessibleObjectException e) {
            throw new IllegalArgumentException("cannot access " + m + ": " + e.getMessage(), e);
        }
    }

    private static MethodHandle adapt(MethodHandle h) {
        return h.asType(GETTER);
    }
}
