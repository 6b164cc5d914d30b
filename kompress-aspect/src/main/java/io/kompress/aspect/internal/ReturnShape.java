package io.kompress.aspect.internal;

import io.kompress.cache.CacheModel;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How a cached method returns its value: directly, in an {@link Optional}, or in a {@link CompletionStage};
 * and the model type of the value itself, from the annotation or the generic return type.
 */
enum ReturnShape {
    /** The method returns the value (primitives boxed). */
    DIRECT,
    /** {@code Optional<T>}: an empty result is returned and not cached. */
    OPTIONAL,
    /** {@code CompletableFuture<T>} or {@code CompletionStage<T>}: looked up without blocking the caller. */
    FUTURE;

    static ReturnShape of(Method method) {
        Class<?> raw = method.getReturnType();
        if (raw == Optional.class) {
            return OPTIONAL;
        }
        if (raw == CompletableFuture.class || raw == CompletionStage.class) {
            return FUTURE;
        }
        return DIRECT;
    }

    /**
     * The model the cached value is parsed into.
     *
     * @throws IllegalArgumentException when the method returns void, the type cannot be inferred, or the
     *                                  declared model does not fit the return type
     */
    CacheModel<Object> model(Method method, Class<?> declared, String description) {
        Class<?> raw = method.getReturnType();
        if (raw == void.class || raw == Void.class) {
            throw new IllegalArgumentException(voidMethod(description));
        }
        Type value = this == DIRECT ? boxed(method.getGenericReturnType()) : typeArgument(method, description);
        if (declared != void.class) {
            Class<?> container = this == DIRECT ? boxed(raw) : rawOf(value);
            if (container != null && !container.isAssignableFrom(declared)) {
                throw new IllegalArgumentException("@HashCached on " + description + ": model " + declared.getName()
                    + " is not a " + container.getName() + ", the type the method returns");
            }
            value = declared;
        }
        return CacheModel.of(value);
    }

    /** The message for a {@code @HashCached} method that returns nothing. */
    static String voidMethod(String description) {
        return "@HashCached on " + description + ": a void method has no result to cache";
    }

    private static Type typeArgument(Method method, String description) {
        Type generic = method.getGenericReturnType();
        if (generic instanceof ParameterizedType) {
            Type arg = ((ParameterizedType) generic).getActualTypeArguments()[0];
            if (arg instanceof Class || arg instanceof ParameterizedType) {
                return arg;
            }
        }
        throw new IllegalArgumentException("@HashCached on " + description + ": cannot infer the model from "
            + generic.getTypeName() + "; declare it, as in @HashCached(..., model = User.class)");
    }

    private static Class<?> rawOf(Type t) {
        if (t instanceof Class) {
            return (Class<?>) t;
        }
        if (t instanceof ParameterizedType) {
            return (Class<?>) ((ParameterizedType) t).getRawType();
        }
        return null;
    }

    private static Type boxed(Type t) {
        return t instanceof Class ? boxed((Class<?>) t) : t;
    }

    private static Class<?> boxed(Class<?> c) {
        return MethodType.methodType(c).wrap().returnType();
    }
}
