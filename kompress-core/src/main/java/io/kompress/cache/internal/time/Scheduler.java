package io.kompress.cache.internal.time;

/**
 * Runs delayed tasks of one background job, one at a time, in the time of the {@link TimeSource} that made it.
 * After {@link #close()} new tasks are refused quietly and pending ones dropped.
 */
public interface Scheduler extends AutoCloseable {

    /**
     * Runs {@code task} after {@code delayNanos}.
     *
     * @param task       the task; an exception it throws is logged and does not stop the scheduler
     * @param delayNanos the delay, 0 for as soon as possible
     * @return false when the scheduler is closed and the task will not run
     */
    boolean schedule(Runnable task, long delayNanos);

    /** Stops running tasks; interrupts one that is running. */
    @Override
    void close();
}
