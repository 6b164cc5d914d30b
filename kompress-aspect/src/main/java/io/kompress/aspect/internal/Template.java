package io.kompress.aspect.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@code key} or {@code field} expression of {@code @HashCached}/{@code @HashEvict}, parsed once per method:
 * literal text and references such as {@code #id}, {@code #p0}, {@code #user.address.city}.
 *
 * <p>Grammar: {@code ##} is a literal {@code #}; {@code #} followed by a name ({@code [A-Za-z_][A-Za-z0-9_]*})
 * refers to the parameter of that name, or, when no parameter has that name, {@code p<n>}/{@code a<n>} refers
 * to the parameter at position n; each following {@code .name} reads a property. Anything else is literal, so
 * {@code "#tenant:#id"} is the tenant, a colon and the id.
 */
final class Template {

    private final String source;
    private final String method;
    private final Object[] parts; // String literals and References
    private final Reference single; // set when the template is exactly one reference

    private Template(String source, String method, Object[] parts) {
        this.source = source;
        this.method = method;
        this.parts = parts;
        this.single = parts.length == 1 && parts[0] instanceof Reference ? (Reference) parts[0] : null;
    }

    /**
     * Parses an expression against a method's parameters.
     *
     * @throws IllegalArgumentException naming the method and the expression when it is empty, refers to an
     *                                  unknown parameter or property, or ends in a bare {@code #}
     */
    static Template parse(String source, String what, MethodShape shape) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException(shape.description() + ": " + what + " expression is empty");
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
                    throw new IllegalArgumentException(shape.description() + ": " + what + " expression '" + source
                        + "' has a '#' at position " + i + " without a parameter name (write ## for a literal #)");
                }
                if (literal.length() > 0) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(Reference.resolve(source.substring(i + 1, end), source, what, shape));
                i = end;
            }
        }
        if (literal.length() > 0) {
            parts.add(literal.toString());
        }
        return new Template(source, shape.description(), parts.toArray());
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

    /**
     * Evaluates the template for one call.
     *
     * @throws IllegalArgumentException when a reference evaluates to {@code null}
     */
    String evaluate(Object[] args) {
        if (single != null) {
            return text(single, args);
        }
        StringBuilder out = new StringBuilder(32);
        for (Object part : parts) {
            out.append(part instanceof String ? (String) part : text((Reference) part, args));
        }
        return out.toString();
    }

    private String text(Reference ref, Object[] args) {
        Object value = ref.evaluate(args, this);
        if (value == null) {
            throw new IllegalArgumentException(method + ": expression '" + source + "' evaluated #" + ref.path()
                + " to null; a cache key or field needs a value");
        }
        return value instanceof String ? (String) value : String.valueOf(value);
    }

    String source() {
        return source;
    }

    String method() {
        return method;
    }

    @Override
    public String toString() {
        return source + " " + Arrays.toString(parts);
    }
}
