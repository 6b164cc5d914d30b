package io.kompress.aspect.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The grammar of {@code key} and {@code field} expressions, with nothing resolved: literal text and
 * {@code #name(.name)*} paths. Shared by the run-time {@link Template} and the compile-time
 * {@link HashCachedProcessor}, so both accept exactly the same expressions.
 *
 * <p>{@code ##} is a literal {@code #}; {@code #} followed by a name ({@code [A-Za-z_][A-Za-z0-9_]*}) starts a
 * path; each following {@code .name} is a property step. Anything else is literal.
 */
final class TemplateSyntax {

    /** A {@code #path} in an expression: the parameter reference and its property steps. */
    record Path(String text, String[] segments) {
    }

    private TemplateSyntax() {
    }

    /**
     * Splits {@code source} into {@link String} literals and {@link Path}s.
     *
     * @param what   {@code key} or {@code field}, for the error message
     * @param method the method's description, for the error message
     * @throws IllegalArgumentException when the expression is empty or has a {@code #} without a name
     */
    static List<Object> parse(String source, String what, String method) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException(method + ": " + what + " expression is empty");
        }
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c != '#') {
                literal.append(c);
                i++;
            } else if (i + 1 < source.length() && source.charAt(i + 1) == '#') {
                literal.append('#');
                i += 2;
            } else {
                int end = scanPath(source, i + 1);
                if (end == i + 1) {
                    throw new IllegalArgumentException(method + ": " + what + " expression '" + source
                        + "' has a '#' at position " + i + " without a parameter name (write ## for a literal #)");
                }
                if (literal.length() > 0) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                String text = source.substring(i + 1, end);
                parts.add(new Path(text, text.split("\\.")));
                i = end;
            }
        }
        if (literal.length() > 0) {
            parts.add(literal.toString());
        }
        return parts;
    }

    /**
     * Parses a {@code field} expression, which must use a parameter when the method has any: {@code field = "id"} on
     * {@code find(long id)} (the {@code #} forgotten) would put every call in one entry. A field shared by every call
     * on purpose is written in single quotes, {@code field = "'all'"}, and taken as that text, {@code #} included.
     *
     * @param parameterNames the method's parameter names
     * @throws IllegalArgumentException as {@link #parse}, and when the expression uses no parameter of a method
     *                                  that has some
     */
    static List<Object> parseField(String source, String method, String[] parameterNames) {
        if (source != null && source.length() >= 2 && source.charAt(0) == '\'' && source.endsWith("'")) {
            String constant = source.substring(1, source.length() - 1);
            if (constant.isEmpty()) {
                throw new IllegalArgumentException(method + ": field expression " + source + " is an empty constant");
            }
            return List.of(constant);
        }
        List<Object> parts = parse(source, "field", method);
        if (parameterNames.length > 0 && parts.stream().noneMatch(Path.class::isInstance)) {
            throw new IllegalArgumentException(method + ": field expression '" + source + "' uses no parameter, so "
                + "every call would share one entry; write '#" + parameterNames[0] + "' to use parameter "
                + parameterNames[0] + ", or \"'" + source + "'\" (in single quotes) for one entry on purpose");
        }
        return parts;
    }

    /**
     * Index of the parameter a path's first segment names: a parameter name first, else {@code p<n>} or
     * {@code a<n>} by position; -1 when neither.
     */
    static int parameterIndex(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        if (name.length() > 1 && (name.charAt(0) == 'p' || name.charAt(0) == 'a')) {
            try {
                int i = Integer.parseInt(name.substring(1));
                return i >= 0 && i < names.length ? i : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    /** The message for a path whose first segment names no parameter. */
    static String unknownParameter(String method, String what, String source, String name, String[] names) {
        return method + ": " + what + " expression '" + source + "' refers to unknown parameter #" + name
            + "; parameters are " + Arrays.toString(names) + " (or #p0, #a0 by position)";
    }

    /** The message for a property step the type does not have. */
    static String noProperty(String method, String what, String source, String type, String name) {
        String cap = capitalize(name);
        return method + ": " + what + " expression '" + source + "': " + type + " has no property '" + name
            + "' (looked for get" + cap + "(), is" + cap + "(), " + name + "() and a public field)";
    }

    /** The getter names a property step may be read through, in the order they are looked for. */
    static String[] getterNames(String name) {
        String cap = capitalize(name);
        return new String[] {"get" + cap, "is" + cap, name};
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** End of {@code name(.name)*} starting at {@code start}. */
    private static int scanPath(String s, int start) {
        int i = start;
        while (true) {
            if (i >= s.length() || !Character.isJavaIdentifierStart(s.charAt(i)) || s.charAt(i) == '$') {
                return i;
            }
            i++;
            while (i < s.length() && Character.isJavaIdentifierPart(s.charAt(i)) && s.charAt(i) != '$') {
                i++;
            }
            if (i + 1 < s.length() && s.charAt(i) == '.' && Character.isJavaIdentifierStart(s.charAt(i + 1))) {
                i++;
            } else {
                return i;
            }
        }
    }
}
