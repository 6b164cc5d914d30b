package io.kompress.aspect.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@code key} or {@code field} expression of {@code @HashCached}/{@code @HashEvict}, parsed once per method:
 * literal text and references such as {@code #id}, {@code #p0}, {@code #user.address.city}.
 *
 * <p>The grammar is {@link TemplateSyntax}'s: {@code #name} refers to the parameter of that name, or, when no
 * parameter has that name, {@code p<n>}/{@code a<n>} to the parameter at position n; each following
 * {@code .name} reads a property. So {@code "#tenant:#id"} is the tenant, a colon and the id.
 */
final class Template {

    private final String source;
    private final String method;
    private final Object[] parts; // String literals and References
    private final Reference single; // set when the template is exactly one reference
    private final String constant; // set when the template has no reference: evaluated without allocating

    private Template(String source, String method, Object[] parts) {
        this.source = source;
        this.method = method;
        this.parts = parts;
        this.single = parts.length == 1 && parts[0] instanceof Reference ? (Reference) parts[0] : null;
        this.constant = Arrays.stream(parts).allMatch(String.class::isInstance)
            ? String.join("", Arrays.copyOf(parts, parts.length, String[].class)) : null;
    }

    /**
     * Parses an expression against a method's parameters.
     *
     * @throws IllegalArgumentException naming the method and the expression when it is empty, refers to an
     *                                  unknown parameter or property, or ends in a bare {@code #}
     */
    static Template parse(String source, String what, MethodShape shape) {
        List<Object> parts = new ArrayList<>();
        List<Object> syntax = "field".equals(what) ? TemplateSyntax.parseField(source, shape.description(),
            shape.names()) : TemplateSyntax.parse(source, what, shape.description());
        for (Object part : syntax) {
            parts.add(part instanceof TemplateSyntax.Path path ? Reference.resolve(path, source, what, shape) : part);
        }
        return new Template(source, shape.description(), parts.toArray());
    }

    /**
     * Evaluates the template for one call.
     *
     * @throws IllegalArgumentException when a reference evaluates to {@code null}
     */
    String evaluate(Object[] args) {
        if (constant != null) {
            return constant;
        }
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

    /** The text when the template has no reference, else null. */
    String constant() {
        return constant;
    }

    /** Whether the template is exactly the whole first parameter ({@code #id} of {@code find(long id)}). */
    boolean isFirstParameter() {
        return single != null && single.isWholeParameter(0);
    }

    String method() {
        return method;
    }

    @Override
    public String toString() {
        return source + " " + Arrays.toString(parts);
    }
}
