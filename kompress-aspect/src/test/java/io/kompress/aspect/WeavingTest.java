package io.kompress.aspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.testing.RedisGroup;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.aspectj.bridge.IMessage;
import org.aspectj.bridge.MessageHandler;
import org.aspectj.tools.ajc.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Weaving paths other than this module's own compile-time weaving: load-time weaving of a class javac
 * compiled (the agent reads kompress-aspect's META-INF/aop.xml), and ajc's weave-time error for a void
 * {@code @HashCached} method, and no ajc warning for a project that uses only one of the annotations.
 */
class WeavingTest {

    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static Path source(Path dir, String resource, String relative) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        try (InputStream in = WeavingTest.class.getResourceAsStream("/ltw/" + resource)) {
            assertNotNull(in, resource);
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    /** Compiles {@code src} with ajc and this module's aspect, into {@code dir/out}; returns what ajc said. */
    private static MessageHandler ajc(Path dir, Path src) {
        String aspectClasses = Arrays.stream(classPath().split(File.pathSeparator))
            .filter(p -> p.replace('\\', '/').endsWith("kompress-aspect/target/classes")).findFirst().orElseThrow();
        MessageHandler messages = new MessageHandler();
        new Main().run(new String[] {"-17", "-aspectpath", aspectClasses, "-classpath", classPath(),
            "-d", dir.resolve("out").toString(), src.toString()}, messages);
        return messages;
    }

    @Test
    void loadTimeWeavingCachesAMethodCompiledByJavac(@TempDir Path dir) throws Exception {
        Path src = source(dir, "LtwFixture.java.txt", "src/ltwfixture/LtwFixture.java");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-parameters", "-cp", classPath(), "-d", classes.toString(),
            src.toString());
        assertEquals(0, rc, "javac failed");
        String agent = Arrays.stream(classPath().split(File.pathSeparator))
            .filter(p -> p.contains("aspectjweaver")).findFirst().orElseThrow();
        try (RedisGroup redis = RedisGroup.start(0)) {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agent, "-cp", classes + File.pathSeparator + classPath(), "ltwfixture.LtwFixture")
                .redirectErrorStream(true);
            pb.environment().put("REDIS_HOST", redis.primary().host());
            pb.environment().put("REDIS_PORT", String.valueOf(redis.primary().port()));
            pb.environment().remove("REDIS_REPLICAS_HOST_PORT");
            Process child = pb.start();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), out);
            assertEquals(0, child.exitValue(), out);
            assertTrue(out.contains("result=item-1"), out);
            assertTrue(out.contains("loads=1"), "the woven method ran its body once in three calls:\n" + out);
            try (Jedis j = redis.primary().connect()) {
                assertEquals("{\"name\":\"item-1\"}", j.hget("ltw", "1"));
            }
        }
    }

    @Test
    void aProjectThatNeverUsesHashEvictWeavesWithoutWarnings(@TempDir Path dir) throws IOException {
        MessageHandler messages = ajc(dir, source(dir, "OnlyCached.java.txt", "src/weavefixture/OnlyCached.java"));
        List<IMessage> warnings = Arrays.asList(messages.getMessages(IMessage.WARNING, true));
        assertTrue(warnings.isEmpty(), "ajc said: " + warnings);
        assertTrue(Files.exists(dir.resolve("out/weavefixture/OnlyCached.class")));
    }

    @Test
    void voidHashCachedMethodIsAWeaveTimeError(@TempDir Path dir) throws IOException {
        MessageHandler messages = ajc(dir, source(dir, "VoidCached.java.txt", "src/weavefixture/VoidCached.java"));
        List<IMessage> errors = Arrays.asList(messages.getMessages(IMessage.ERROR, true));
        assertTrue(errors.stream().anyMatch(m -> m.getMessage().contains("a void method cannot be cached")),
            "ajc errors: " + errors);
    }
}
