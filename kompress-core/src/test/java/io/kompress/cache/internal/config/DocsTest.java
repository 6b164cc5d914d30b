package io.kompress.cache.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.annotations.HashCached;
import io.kompress.annotations.HashCachedBatch;
import io.kompress.annotations.HashEvict;
import io.kompress.cache.config.ClusterOptions;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.config.NearCacheOptions;
import io.kompress.cache.config.RedisAuth;
import io.kompress.cache.config.ReplicaReads;
import io.kompress.cache.config.SentinelOptions;
import io.kompress.cache.config.TlsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The facts in the docs that can drift from the code, checked on every {@code mvn verify}: the configuration table
 * against the variables the code reads and the builder methods that exist, the annotation attributes against the
 * guides, every relative link and anchor, and every ratio a written page quotes against the generated report it
 * cites.
 */
class DocsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path CONFIGURATION = ROOT.resolve("docs/guides/CONFIGURATION.md");
    private static final Pattern VARIABLE = Pattern.compile("^\\| `((?:REDIS|KOMPRESS)_[A-Z_]+)`", Pattern.MULTILINE);
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern RATIO = Pattern.compile("(?<![\\w.])(\\d+(?:\\.\\d+)?x)\\b");

    @Test
    void theConfigurationTableListsExactlyTheVariablesTheCodeReads() {
        Set<String> read = new TreeSet<>();
        for (Class<?> type : List.of(EnvConfig.class, EnvTls.class)) {
            for (Field f : type.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                    String value = constant(f);
                    if (value.matches("(REDIS|KOMPRESS)_[A-Z_]+")) {
                        read.add(value);
                    }
                }
            }
        }
        Set<String> documented = new TreeSet<>();
        Matcher m = VARIABLE.matcher(read(CONFIGURATION));
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertEquals(read, documented, "docs/guides/CONFIGURATION.md against EnvConfig and EnvTls");
    }

    @Test
    void everyBuilderMethodTheConfigurationTableNamesExists() {
        Set<String> methods = Stream.of(KompressConfig.Builder.class, SentinelOptions.class,
                SentinelOptions.Builder.class, ClusterOptions.class, ClusterOptions.Builder.class, TlsOptions.class,
                TlsOptions.Builder.class, NearCacheOptions.class, ReplicaReads.class, RedisAuth.class)
            .flatMap(c -> Arrays.stream(c.getMethods())).map(Method::getName).collect(Collectors.toSet());
        List<String> missing = new ArrayList<>();
        for (String row : read(CONFIGURATION).split("\n")) {
            String[] cells = row.split("\\|");
            if (cells.length < 3 || !row.startsWith("| `")) {
                continue;
            }
            Matcher call = Pattern.compile("(\\w+)\\(").matcher(cells[2]);
            while (call.find()) {
                if (!methods.contains(call.group(1))) {
                    missing.add(call.group(1) + " in: " + row);
                }
            }
        }
        assertTrue(missing.isEmpty(), "the table names methods the builders do not have: " + missing);
    }

    @Test
    void everyAnnotationAttributeIsDocumentedInTheGuides() {
        String guides = read(ROOT.resolve("docs/guides/USING.md")) + read(ROOT.resolve("docs/guides/POLICIES.md"))
            + read(ROOT.resolve("docs/guides/NEAR-CACHE.md"));
        List<String> missing = new ArrayList<>();
        for (Class<?> annotation : List.of(HashCached.class, HashCachedBatch.class, HashEvict.class)) {
            for (Method attribute : annotation.getDeclaredMethods()) {
                String name = attribute.getName();
                if (!guides.contains("`" + name + "`") && !guides.contains(name + " = ")) {
                    missing.add("@" + annotation.getSimpleName() + "." + name);
                }
            }
        }
        assertTrue(missing.isEmpty(), "attributes no guide mentions: " + missing);
    }

    @Test
    void everyRelativeLinkAndAnchorResolves() {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            Matcher m = LINK.matcher(read(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.startsWith("http") || target.startsWith("mailto:")) {
                    continue;
                }
                String[] parts = target.split("#", 2);
                Path file = parts[0].isEmpty() ? page : page.getParent().resolve(parts[0]).normalize();
                if (!Files.exists(file)) {
                    broken.add(ROOT.relativize(page) + " -> " + target);
                } else if (parts.length == 2 && file.toString().endsWith(".md")
                    && !anchors(read(file)).contains(parts[1])) {
                    broken.add(ROOT.relativize(page) + " -> " + target + " (no such heading)");
                }
            }
        }
        assertTrue(broken.isEmpty(), "broken links: " + broken);
    }

    @Test
    void everyRatioAWrittenPageQuotesIsInTheReportItCites() {
        List<String> unsupported = new ArrayList<>();
        List<Path> written = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        written.addAll(files(ROOT.resolve("docs/guides")));
        for (Path page : written) {
            for (String paragraph : read(page).split("\n\\s*\n")) {
                List<Path> reports = new ArrayList<>();
                Matcher link = LINK.matcher(paragraph);
                while (link.find()) {
                    Path target = page.getParent().resolve(link.group(1).split("#")[0]).normalize();
                    if (target.startsWith(ROOT.resolve("docs/reports"))) {
                        reports.add(target);
                    }
                }
                if (reports.isEmpty()) {
                    continue;
                }
                String cited = reports.stream().map(DocsTest::read).collect(Collectors.joining("\n"))
                    .replace('×', 'x');
                Matcher ratio = RATIO.matcher(paragraph);
                while (ratio.find()) {
                    if (!cited.contains(ratio.group(1))) {
                        unsupported.add(ROOT.relativize(page) + ": " + ratio.group(1) + " (cites "
                            + reports.stream().map(r -> r.getFileName().toString()).toList() + ")");
                    }
                }
            }
        }
        assertTrue(unsupported.isEmpty(), "figures not in the report their paragraph cites: " + unsupported);
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    private static Set<String> anchors(String markdown) {
        Set<String> out = new TreeSet<>();
        boolean fenced = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && line.startsWith("#")) {
                String text = line.replaceFirst("^#+\\s*", "").replaceAll("\\[([^]]*)]\\([^)]*\\)", "$1")
                    .toLowerCase(Locale.ROOT);
                out.add(text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return out;
    }

    private static List<Path> pages() {
        List<Path> out = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        out.addAll(files(ROOT.resolve("docs")));
        return out;
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String constant(Field f) {
        try {
            f.setAccessible(true);
            return (String) f.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
