package io.kompress.aspect.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What expressions may refer to: a method's parameter names and declared types, and a readable description
 * for error messages.
 *
 * <p>Names come from the class file's MethodParameters attribute ({@code javac -parameters}) when present,
 * else from what the weaver reports (ajc keeps names; under load-time weaving they come from debug info,
 * {@code -g}). Without either only positional references ({@code #p0}) work, and the error says so.
 */
record MethodShape(String description, String[] names, Class<?>[] types) {

    static MethodShape of(Method method, String[] parameterNames) {
        String params = Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
            .collect(Collectors.joining(", "));
        String description = method.getDeclaringClass().getName() + "." + method.getName() + "(" + params + ")";
        Parameter[] parameters = method.getParameters();
        String[] names = new String[parameters.length];
        for (int i = 0; i < names.length; i++) {
            boolean fromWeaver = parameterNames != null && i < parameterNames.length
                && !parameterNames[i].equals("arg" + i);
            names[i] = parameters[i].isNamePresent() || !fromWeaver ? parameters[i].getName() : parameterNames[i];
        }
        return new MethodShape(description, names, method.getParameterTypes());
    }

    /** Whether names are only the synthetic {@code arg0, arg1, ...}: compiled without names. */
    boolean namesMissing() {
        for (int i = 0; i < names.length; i++) {
            if (!names[i].equals("arg" + i)) {
                return false;
            }
        }
        return names.length > 0;
    }

    /** Index of the parameter a reference's first segment names, or -1 ({@link TemplateSyntax#parameterIndex}). */
    int indexOf(String name) {
        return TemplateSyntax.parameterIndex(names, name);
    }
}
