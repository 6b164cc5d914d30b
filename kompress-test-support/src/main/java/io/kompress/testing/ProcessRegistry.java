package io.kompress.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers every {@code redis-server} this JVM started and kills those still running at JVM exit, so a
 * test that fails before its clean-up (or a Ctrl-C of the demo) leaves no process behind. Paused processes
 * are continued first, since a stopped process cannot act on SIGTERM.
 */
final class ProcessRegistry {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessRegistry::killAll, "kompress-redis-cleanup"));
    }

    private ProcessRegistry() {
    }

    static void register(Process p) {
        LIVE.add(p);
    }

    static void forget(Process p) {
        if (p != null) {
            LIVE.remove(p);
        }
    }

    private static void killAll() {
        for (Process p : LIVE) {
            if (p.isAlive()) {
                p.destroyForcibly(); // SIGKILL works on a stopped process too
            }
        }
    }
}
