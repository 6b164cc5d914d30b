package io.kompress.aspect.internal;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What expressions may refer to: a method's parameter names (kept by ajc, or by {@code -parameters}) and
 * declared types, and a readable description for error messages.
 */
record MethodShape(String description, String[] names, Class<?>[] types) {

    static MethodShape of(Method method, String[] parameterNames) {
        String params = Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
            .collect(Collectors.joining(", "));
        String description = method.getDeclaringClass().getName() + "." + method.getName() + "(" + params + ")";
        String[] names = parameterNames != null ? parameterNames.clone() : new String[0];
        return new MethodShape(description, names, method.getParameterTypes());
    }

    /** Index of the parameter a reference's first segment names, or -1. */
    int indexOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        if (name.length() > 1 && (name.charAt(0) == 'p' || name.charAt(0) == 'a')) {
            try {
                int i = Integer.parseInt(name.substring(1));
                return i >= 0 && i < types.length ? i : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }
}
