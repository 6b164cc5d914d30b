package io.kompress.cache;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code src/test/python/pydantic_interop.py} with the machine's {@code python3} and Pydantic 2, so that
 * interop tests check Java's JSON against Pydantic itself rather than against what we believe it does.
 */
final class Pydantic {

    static final Path SCRIPT = Path.of("src/test/python/pydantic_interop.py");

    private Pydantic() {
    }

    /** Whether {@code python3} with Pydantic 2 is installed. */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import pydantic, sys; "
                + "sys.exit(0 if pydantic.VERSION.startswith('2') else 1)").redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The installed Pydantic version. */
    static String version() throws IOException, InterruptedException {
        return run("-c", "import pydantic; print(pydantic.VERSION)").get(0);
    }

    /** Whether Pydantic accepts each {@code (model, json)} case: one boolean per case, in order. */
    static List<Boolean> judge(List<Map<String, String>> cases, Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("judge.json");
        Files.writeString(file, new Gson().toJson(cases), StandardCharsets.UTF_8);
        List<String> lines = run(SCRIPT.toString(), "judge", file.toString());
        return lines.stream().map("accept"::equals).toList();
    }

    /** The JSON Pydantic writes for each {@code (model, python expression)} case, in order. */
    static List<String> dump(List<Map<String, String>> cases, Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("dump.json");
        Files.writeString(file, new Gson().toJson(cases), StandardCharsets.UTF_8);
        return run(SCRIPT.toString(), "dump", file.toString());
    }

    /** Runs {@code python3 ARGS}; returns its output lines, failing on a non-zero exit. */
    static List<String> run(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "python3";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("python3 " + String.join(" ", args) + " failed:\n" + out);
        }
        return out.lines().toList();
    }
}
