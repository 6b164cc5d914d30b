package io.kompress.aspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.aspectj.bridge.IMessage;
import org.aspectj.bridge.MessageHandler;
import org.aspectj.tools.ajc.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The annotation processor turns each mistake the aspect would report on a first call into a compile error on
 * the annotated method, with ajc (which finds it on the class path, as a Maven build with the README's recipe
 * does) and with javac; and reports nothing for every valid form. The fixtures mark each mistake with the
 * line {@code // expect: <part of the message>} above its annotation.
 */
class HashCachedProcessorTest {

    private static final String PROCESSOR = "io.kompress.aspect.internal.HashCachedProcessor";

    /** A compile error as either compiler reports it: its line and message. */
    private record Error(long line, String message) {
    }

    /** An expected error: the line of the annotation it points at, and part of the message. */
    private record Expected(int line, String text) {
    }

    @Test
    void ajcReportsEveryMistakeOnItsMethod(@TempDir Path dir) throws IOException {
        Path src = fixture(dir, "Mistakes");
        assertMatches(expectations(src), ajc(dir, src));
    }

    @Test
    void javacReportsEveryMistakeOnItsMethod(@TempDir Path dir) throws IOException {
        Path src = fixture(dir, "Mistakes");
        assertMatches(expectations(src), javac(dir, src));
    }

    @Test
    void ajcAcceptsEveryValidForm(@TempDir Path dir) throws IOException {
        Path src = fixture(dir, "Correct");
        assertEquals(List.of(), ajc(dir, src));
        assertTrue(Files.exists(dir.resolve("out/processorfixture/Correct.class")));
    }

    @Test
    void javacAcceptsEveryValidForm(@TempDir Path dir) throws IOException {
        Path src = fixture(dir, "Correct");
        assertEquals(List.of(), javac(dir, src));
    }

    private static void assertMatches(List<Expected> expected, List<Error> errors) {
        List<Error> unmatched = new ArrayList<>(errors);
        for (Expected e : expected) {
            Error hit = unmatched.stream()
                .filter(r -> r.line() >= e.line() && r.line() <= e.line() + 1 && r.message().contains(e.text()))
                .findFirst().orElse(null);
            assertNotNull(hit, "no error containing '" + e.text() + "' at line " + e.line() + "; errors: " + errors);
            unmatched.remove(hit);
        }
        assertEquals(List.of(), unmatched, "errors nothing expected");
    }

    /** Each {@code // expect:} line, pointing at the first annotation line below it. */
    private static List<Expected> expectations(Path src) throws IOException {
        List<String> lines = Files.readAllLines(src);
        List<Expected> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.startsWith("// expect: ")) {
                int annotation = i + 1;
                while (lines.get(annotation).trim().startsWith("//")) {
                    annotation++;
                }
                out.add(new Expected(annotation + 1, line.substring("// expect: ".length())));
            }
        }
        assertTrue(out.size() > 10, "fixture has expectations");
        return out;
    }

    private static List<Error> ajc(Path dir, Path src) {
        MessageHandler messages = new MessageHandler();
        new Main().run(new String[] {"-17", "-classpath", classPath(), "-d", dir.resolve("out").toString(),
            src.toString()}, messages);
        List<Error> out = new ArrayList<>();
        for (IMessage m : messages.getMessages(IMessage.ERROR, true)) {
            out.add(new Error(m.getSourceLocation() == null ? -1 : m.getSourceLocation().getLine(), m.getMessage()));
        }
        return out;
    }

    private static List<Error> javac(Path dir, Path src) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-processor", PROCESSOR, "-cp", classPath(),
                "-d", Files.createDirectories(dir.resolve("classes")).toString());
            javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(src)).call();
        }
        List<Error> out = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                out.add(new Error(d.getLineNumber(), d.getMessage(Locale.ROOT)));
            }
        }
        return out;
    }

    private static Path fixture(Path dir, String name) throws IOException {
        Path file = dir.resolve("src/processorfixture/" + name + ".java");
        Files.createDirectories(file.getParent());
        try (InputStream in = HashCachedProcessorTest.class.getResourceAsStream("/processor/" + name + ".java.txt")) {
            assertNotNull(in, name);
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        assertTrue(Arrays.stream(cp.split(File.pathSeparator)).anyMatch(p -> p.contains("kompress-aspect")), cp);
        return cp;
    }
}
