package io.kompress.aspect.internal;

import io.kompress.annotations.HashCached;
import io.kompress.annotations.HashCachedBatch;
import io.kompress.annotations.HashEvict;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The checks {@link HashCachedProcessor} runs on one annotated method, in terms of the compiler's model of the
 * source: the same grammar, parameter lookup, property rules and policy validation as at run time, where
 * {@link Reference} and {@link AnnotationPolicy} apply them to loaded classes.
 */
final class MirrorChecks {

    /** One error: its message and where it points (the method, its annotation, the offending attribute). */
    record Problem(String message, Element method, AnnotationMirror annotation, AnnotationValue value) {
    }

    private final Elements elements;
    private final Types types;

    MirrorChecks(ProcessingEnvironment env) {
        this.elements = env.getElementUtils();
        this.types = env.getTypeUtils();
    }

    List<Problem> cached(ExecutableElement method) {
        List<Problem> problems = new ArrayList<>();
        AnnotationMirror mirror = mirror(method, HashCached.class);
        String description = description(method);
        HashCached a = method.getAnnotation(HashCached.class);
        expression(method, mirror, "key", a.key(), description, problems);
        expression(method, mirror, "field", a.field(), description, problems);
        TypeMirror returned = method.getReturnType();
        if (returned.getKind() == TypeKind.VOID || isType(returned, "java.lang.Void")) {
            problems.add(new Problem(ReturnShape.voidMethod(description), method, mirror, null));
        }
        policy(() -> AnnotationPolicy.of(a, description, shape(returned)), method, mirror, description, problems);
        return problems;
    }

    List<Problem> batch(ExecutableElement method) {
        List<Problem> problems = new ArrayList<>();
        AnnotationMirror mirror = mirror(method, HashCachedBatch.class);
        String description = description(method);
        String where = "@HashCachedBatch on " + description;
        HashCachedBatch a = method.getAnnotation(HashCachedBatch.class);
        expression(method, mirror, "key", a.key(), description, problems);
        List<? extends VariableElement> params = method.getParameters();
        String[] names = params.stream().map(p -> p.getSimpleName().toString()).toArray(String[]::new);
        int index = -1;
        try {
            index = BatchPlan.idsIndex(where, a.ids(), names);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(e.getMessage(), method, mirror, value(mirror, "ids")));
        }
        if (index >= 0 && !types.isAssignable(types.erasure(params.get(index).asType()),
            types.erasure(elements.getTypeElement("java.util.Collection").asType()))) {
            problems.add(new Problem(where + ": the ids parameter " + names[index] + " is not a Collection",
                method, mirror, value(mirror, "ids")));
        } else if (index >= 0) {
            try {
                BatchPlan.keyAvoidsIds(where, a.key(), description, names, index);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(e.getMessage(), method, mirror, value(mirror, "key")));
            }
        }
        if (!isType(method.getReturnType(), "java.util.Map")) {
            problems.add(new Problem(BatchPlan.notAMap(where, method.getReturnType().toString()), method, mirror,
                null));
        }
        policy(() -> AnnotationPolicy.of(a, description), method, mirror, description, problems);
        return problems;
    }

    List<Problem> evict(ExecutableElement method) {
        List<Problem> problems = new ArrayList<>();
        AnnotationMirror mirror = mirror(method, HashEvict.class);
        String description = description(method);
        HashEvict a = method.getAnnotation(HashEvict.class);
        expression(method, mirror, "key", a.key(), description, problems);
        expression(method, mirror, "field", a.field(), description, problems);
        return problems;
    }

    /** Runs a run-time policy check and reports its error at the attribute the message names. */
    private void policy(Runnable check, ExecutableElement method, AnnotationMirror mirror, String description,
                        List<Problem> problems) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int from = message.indexOf(description);
            String tail = from < 0 ? message : message.substring(from + description.length());
            problems.add(new Problem(message, method, mirror, named(mirror, tail)));
        }
    }

    private void expression(ExecutableElement method, AnnotationMirror mirror, String what, String source,
                            String description, List<Problem> problems) {
        AnnotationValue where = value(mirror, what);
        List<? extends VariableElement> params = method.getParameters();
        String[] names = params.stream().map(p -> p.getSimpleName().toString()).toArray(String[]::new);
        try {
            List<Object> syntax = "field".equals(what) ? TemplateSyntax.parseField(source, description, names)
                : TemplateSyntax.parse(source, what, description);
            for (Object part : syntax) {
                if (part instanceof TemplateSyntax.Path path) {
                    String message = resolve(path, names, params, what, source, description);
                    if (message != null) {
                        problems.add(new Problem(message, method, mirror, where));
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(e.getMessage(), method, mirror, where));
        }
    }

    /** The error for one path, or null when every step resolves. */
    private String resolve(TemplateSyntax.Path path, String[] names, List<? extends VariableElement> params,
                           String what, String source, String description) {
        String[] segments = path.segments();
        int index = TemplateSyntax.parameterIndex(names, segments[0]);
        if (index < 0) {
            return TemplateSyntax.unknownParameter(description, what, source, segments[0], names);
        }
        TypeMirror type = types.erasure(params.get(index).asType());
        for (int i = 1; i < segments.length; i++) {
            TypeMirror next = property(type, segments[i]);
            if (next == null) {
                return TemplateSyntax.noProperty(description, what, source, binaryName(type), segments[i]);
            }
            type = next;
        }
        return null;
    }

    /** The erased type of {@code name} read from {@code type} as {@link Reference} reads it, or null. */
    private TypeMirror property(TypeMirror type, String name) {
        if (!(type instanceof DeclaredType declared)) {
            return null; // primitives and arrays have no properties
        }
        List<? extends Element> members = elements.getAllMembers((TypeElement) declared.asElement());
        for (String getter : TemplateSyntax.getterNames(name)) {
            for (ExecutableElement m : ElementFilter.methodsIn(members)) {
                if (m.getSimpleName().contentEquals(getter) && m.getParameters().isEmpty() && readable(m)
                    && m.getReturnType().getKind() != TypeKind.VOID) {
                    return types.erasure(m.getReturnType());
                }
            }
        }
        for (VariableElement f : ElementFilter.fieldsIn(members)) {
            if (f.getSimpleName().contentEquals(name) && readable(f)) {
                return types.erasure(f.asType());
            }
        }
        return null;
    }

    private static boolean readable(Element member) {
        boolean inInterface = member.getEnclosingElement().getKind().isInterface();
        return (inInterface || member.getModifiers().contains(Modifier.PUBLIC))
            && !member.getModifiers().contains(Modifier.STATIC);
    }

    private ReturnShape shape(TypeMirror returned) {
        if (isType(returned, "java.util.Optional")) {
            return ReturnShape.OPTIONAL;
        }
        if (isType(returned, "java.util.concurrent.CompletableFuture")
            || isType(returned, "java.util.concurrent.CompletionStage")) {
            return ReturnShape.FUTURE;
        }
        return ReturnShape.DIRECT;
    }

    private boolean isType(TypeMirror type, String name) {
        return type instanceof DeclaredType d
            && ((TypeElement) d.asElement()).getQualifiedName().contentEquals(name);
    }

    /** The method as run-time messages name it: {@code pkg.Outer$Inner.name(long, User)}. */
    private String description(ExecutableElement method) {
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        String params = method.getParameters().stream().map(p -> simpleName(types.erasure(p.asType())))
            .collect(Collectors.joining(", "));
        return elements.getBinaryName(owner) + "." + method.getSimpleName() + "(" + params + ")";
    }

    private static String simpleName(TypeMirror type) {
        if (type instanceof ArrayType array) {
            return simpleName(array.getComponentType()) + "[]";
        }
        if (type instanceof DeclaredType declared) {
            return declared.asElement().getSimpleName().toString();
        }
        return type.toString();
    }

    private String binaryName(TypeMirror type) {
        if (type instanceof DeclaredType declared) {
            return elements.getBinaryName((TypeElement) declared.asElement()).toString();
        }
        return type.toString();
    }

    private static AnnotationMirror mirror(Element method, Class<? extends Annotation> type) {
        for (AnnotationMirror m : method.getAnnotationMirrors()) {
            if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(type.getName())) {
                return m;
            }
        }
        throw new IllegalStateException(method + " has no " + type.getName());
    }

    /** The value of the attribute a policy message names first, so the error points at it; null for none. */
    private static AnnotationValue named(AnnotationMirror mirror, String message) {
        AnnotationValue first = null;
        int at = Integer.MAX_VALUE;
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
            : mirror.getElementValues().entrySet()) {
            int i = message.indexOf(e.getKey().getSimpleName().toString());
            if (i >= 0 && i < at) {
                at = i;
                first = e.getValue();
            }
        }
        return first;
    }

    private static AnnotationValue value(AnnotationMirror mirror, String attribute) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
            : mirror.getElementValues().entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(attribute)) {
                return e.getValue();
            }
        }
        return null;
    }
}
