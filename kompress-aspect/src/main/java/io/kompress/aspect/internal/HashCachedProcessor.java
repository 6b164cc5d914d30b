package io.kompress.aspect.internal;

import io.kompress.annotations.HashCached;
import io.kompress.annotations.HashCachedBatch;
import io.kompress.annotations.HashEvict;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Compile-time checks of {@link HashCached}, {@link HashCachedBatch} and {@link HashEvict}: the mistakes the
 * aspect would otherwise report on a method's first call in production are compile errors on the annotated
 * method instead. An expression naming an unknown parameter or property, a malformed or out-of-range duration,
 * a jitter or refresh-ahead fraction out of range, an option that needs a TTL without one, cross-JVM
 * single-flight on a method returning a future, a void {@code @HashCached} method, a batch method whose ids
 * are not a collection, whose key names the ids or which does not return a map.
 *
 * <p>ajc and javac up to JDK 22 find it on the class path (this jar registers it as a service); javac 23 and
 * later run it with {@code -proc:full} or when kompress-aspect is named in {@code annotationProcessorPaths}.
 * The checks are the run-time checks themselves ({@link TemplateSyntax}, {@link AnnotationPolicy}), applied
 * to the source's types, so the two cannot disagree; the run-time checks stay for load-time weaving.
 */
@SupportedAnnotationTypes({"io.kompress.annotations.HashCached", "io.kompress.annotations.HashEvict",
    "io.kompress.annotations.HashCachedBatch"})
public final class HashCachedProcessor extends AbstractProcessor {

    /** Creates the processor; the compiler does this through the service registration. */
    public HashCachedProcessor() {
        super();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        MirrorChecks checks = new MirrorChecks(processingEnv);
        for (Element e : round.getElementsAnnotatedWith(HashCached.class)) {
            if (e instanceof ExecutableElement method) {
                report(checks.cached(method));
            }
        }
        for (Element e : round.getElementsAnnotatedWith(HashCachedBatch.class)) {
            if (e instanceof ExecutableElement method) {
                report(checks.batch(method));
            }
        }
        for (Element e : round.getElementsAnnotatedWith(HashEvict.class)) {
            if (e instanceof ExecutableElement method) {
                report(checks.evict(method));
            }
        }
        return false; // other processors may look at the same annotations
    }

    private void report(Iterable<MirrorChecks.Problem> problems) {
        for (MirrorChecks.Problem p : problems) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, p.message(), p.method(), p.annotation(),
                p.value());
        }
    }
}
