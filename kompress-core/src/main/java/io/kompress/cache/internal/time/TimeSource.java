package io.kompress.cache.internal.time;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Every source of time the engine uses, in one seam: wall time for entry expiry (epoch milliseconds, shared
 * with other JVMs through Redis), a monotonic ticker for durations and deadlines, schedulers for background
 * work (health probes, rediscovery) and the timed waits of single-flight and the cross-JVM lock. Production
 * uses {@link SystemTime}; tests pass a fake whose time moves only when the test says so, so that TTL
 * boundaries, back-off and lease run-outs are tested without sleeping.
 */
public interface TimeSource {

    /**
     * Wall time, for expiry stored in Redis.
     *
     * @return the clock
     */
    Clock clock();

    /**
     * Monotonic nanoseconds, for durations and deadlines only (like {@link System#nanoTime()}).
     *
     * @return the current tick
     */
    long nanoTime();

    /**
     * A scheduler for one background job, running its tasks one at a time.
     *
     * @param threadName the name of the daemon thread that runs the tasks
     * @return the scheduler; close it with its owner
     */
    Scheduler newScheduler(String threadName);

    /**
     * Waits for {@code nanos} of this source's time.
     *
     * @param nanos how long
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    void sleep(long nanos) throws InterruptedException;

    /**
     * Waits at most {@code nanos} of this source's time for a future.
     *
     * @param future the future
     * @param nanos  the longest wait
     * @param <T>    the result type
     * @return its result
     * @throws ExecutionException   when the future failed
     * @throws TimeoutException     when it did not complete in time
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    <T> T await(CompletableFuture<T> future, long nanos)
        throws ExecutionException, TimeoutException, InterruptedException;

    /**
     * This source with another wall clock (the one a configuration names), keeping its ticker and schedulers.
     *
     * @param wall the wall clock
     * @return the combined source
     */
    default TimeSource withClock(Clock wall) {
        TimeSource self = this;
        return new TimeSource() {
            @Override
            public Clock clock() {
                return wall;
            }

            @Override
            public long nanoTime() {
                return self.nanoTime();
            }

            @Override
            public Scheduler newScheduler(String threadName) {
                return self.newScheduler(threadName);
            }

            @Override
            public void sleep(long nanos) throws InterruptedException {
                self.sleep(nanos);
            }

            @Override
            public <T> T await(CompletableFuture<T> future, long nanos)
                throws ExecutionException, TimeoutException, InterruptedException {
                return self.await(future, nanos);
            }
        };
    }
}
