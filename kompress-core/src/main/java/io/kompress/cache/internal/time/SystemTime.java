package io.kompress.cache.internal.time;

import io.kompress.cache.internal.util.Log;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The real {@link TimeSource}: the system clock, {@link System#nanoTime()} and daemon-thread schedulers. */
public final class SystemTime implements TimeSource {

    /** The one instance, with the UTC system clock. */
    public static final TimeSource INSTANCE = new SystemTime();

    private SystemTime() {
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Scheduler newScheduler(String threadName) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        return new Scheduler() {
            @Override
            public boolean schedule(Runnable task, long delayNanos) {
                try {
                    executor.schedule(() -> runLogged(task, threadName), delayNanos, TimeUnit.NANOSECONDS);
                    return true;
                } catch (RejectedExecutionException closed) {
                    return false;
                }
            }

            @Override
            public void close() {
                executor.shutdownNow();
            }
        };
    }

    static void runLogged(Runnable task, String job) {
        try {
            task.run();
        } catch (RuntimeException e) {
            Log.LOG.warn("Background task of {} failed; it runs again on its next schedule", job, e);
        }
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(nanos);
    }

    @Override
    public <T> T await(CompletableFuture<T> future, long nanos)
        throws ExecutionException, TimeoutException, InterruptedException {
        return future.get(nanos, TimeUnit.NANOSECONDS);
    }
}
