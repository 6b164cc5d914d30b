package io.kompress.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Drives the woven service from several threads until stopped: each call reads a random field (checking the
 * value against {@link Profile#expected} for a version the database has had) or, with a small probability,
 * updates it (a new version, and an eviction on the primary, so that misses, loads and write-backs go on all the
 * time). Every call is recorded.
 */
final class LoadDriver {

    private final ProfileService service;
    private final int fields;
    private final double writeShare;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Samples> samples = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final Map<Outcome, String> firstMessages = new ConcurrentHashMap<>();
    private long originNanos;

    LoadDriver(ProfileService service, int fields, double writeShare) {
        this.service = service;
        this.fields = fields;
        this.writeShare = writeShare;
    }

    /** Starts the threads; times are measured from this call. */
    void start(int threadCount) {
        originNanos = System.nanoTime();
        running.set(true);
        for (int t = 0; t < threadCount; t++) {
            Samples mine = new Samples();
            samples.add(mine);
            Thread thread = new Thread(() -> loop(mine), "load-" + t);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Nanoseconds since {@link #start}. */
    long now() {
        return System.nanoTime() - originNanos;
    }

    /** Stops the threads and returns every thread's samples. */
    List<Samples> stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(30_000);
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " is stuck: " + List.of(t.getStackTrace()));
            }
        }
        return samples;
    }

    /** The first message seen for each error outcome, for the test log. */
    Map<Outcome, String> firstMessages() {
        return firstMessages;
    }

    private void loop(Samples out) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running.get()) {
            long id = random.nextInt(fields);
            boolean write = random.nextDouble() < writeShare;
            long start = System.nanoTime();
            Outcome result;
            try {
                if (write) {
                    service.update(id);
                    result = Outcome.OK;
                } else {
                    Profile p = service.find(id);
                    // a version the database has had, with exactly that version's content
                    result = p != null && p.version() <= service.version(id)
                        && p.equals(Profile.expected(id, p.version())) ? Outcome.OK : Outcome.WRONG;
                }
            } catch (RuntimeException | Error e) {
                result = Outcome.of(e);
                firstMessages.putIfAbsent(result, e.getClass().getSimpleName() + ": " + e.getMessage()
                    + (e.getCause() == null ? "" : " (cause: " + e.getCause() + ")"));
            }
            long end = System.nanoTime();
            if (result == Outcome.WRONG) {
                firstMessages.putIfAbsent(result, "field " + id + " returned a wrong value");
            }
            out.add(start - originNanos, end - start, result, write);
        }
    }
}
