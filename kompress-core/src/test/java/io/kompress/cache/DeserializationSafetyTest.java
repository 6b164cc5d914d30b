package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Cached bytes decide values, never types: no native serialization, no type hints, no unexpected classes. */
class DeserializationSafetyTest {

    record Envelope(String name, Object payload) {
    }

    @Test
    void typeHintsInStoredJsonCreateNothingButPlainJsonValues() {
        String hostile = "{\"name\":\"x\",\"payload\":{\"@class\":\"java.lang.ProcessBuilder\","
            + "\"command\":[\"touch\",\"/tmp/pwned\"]}}";
        Envelope e = CacheModel.of(Envelope.class).fromJson(hostile);
        assertInstanceOf(Map.class, e.payload(), "an Object field holds a plain JSON map");
        assertEquals(List.of("touch", "/tmp/pwned"), ((Map<?, ?>) e.payload()).get("command"));
    }

    @Test
    void noJavaNativeSerializationInTheLibrarySources() throws IOException {
        List<Path> roots = List.of(Path.of("src/main/java"), Path.of("../kompress-aspect/src/main/java"),
            Path.of("../kompress-annotations/src/main/java"));
        int files = 0;
        for (Path root : roots) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : (Iterable<Path>) walk.filter(f -> f.toString().endsWith(".java"))::iterator) {
                    String src = Files.readString(p);
                    files++;
                    for (String banned : List.of("ObjectInputStream", "ObjectOutputStream", "readObject(",
                        "XMLDecoder")) {
                        assertTrue(!src.contains(banned), p + " uses " + banned);
                    }
                }
            }
        }
        assertTrue(files > 30, "scanned " + files + " files");
    }
}
