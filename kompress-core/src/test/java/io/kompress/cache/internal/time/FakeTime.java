package io.kompress.cache.internal.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TimeSource} whose time moves only when a test calls {@link #advance}: wall clock and ticker move
 * together, scheduled tasks due by then run on the advancing thread, and threads in {@link #sleep} or
 * {@link #await} wake when their deadline has passed. Caffeine's {@code FakeTicker}, for the whole engine.
 */
public final class FakeTime implements TimeSource {

    /** A task or a waiter due at a tick. */
    private record Due(long at, long seq, Runnable task) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }
    }

    private final long epochMillisAtZero;
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong seq = new AtomicLong();
    private final PriorityQueue<Due> queue = new PriorityQueue<>();
    private int waiters;

    /**
     * A fake time starting at {@code start}.
     *
     * @param start the wall time at tick 0
     */
    public FakeTime(Instant start) {
        this.epochMillisAtZero = start.toEpochMilli();
    }

    /**
     * The wall time now, in epoch milliseconds.
     *
     * @return the time
     */
    public long millis() {
        return epochMillisAtZero + nanos.get() / 1_000_000;
    }

    /**
     * Moves time forward and runs what fell due, in order.
     *
     * @param d how far
     */
    public void advance(Duration d) {
        long target = nanos.get() + d.toNanos();
        while (true) {
            Due next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.at > target) {
                    break;
                }
                queue.poll();
                nanos.set(Math.max(nanos.get(), next.at));
            }
            next.task.run();
        }
        nanos.set(target);
    }

    /**
     * Blocks (in real time, at most 10 s) until {@code n} threads wait in {@link #sleep} or {@link #await}, so a
     * test moves time only once the code under test is waiting for it.
     *
     * @param n how many waiters
     * @throws AssertionError when they do not arrive
     */
    public synchronized void awaitWaiters(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waiters < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + n + " waiting threads, have " + waiters);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * How many tasks and waiters are pending.
     *
     * @return the count
     */
    public synchronized int pending() {
        return queue.size();
    }

    private synchronized void enqueue(long at, Runnable task) {
        queue.add(new Due(at, seq.incrementAndGet(), task));
    }

    @Override
    public Clock clock() {
        FakeTime self = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public long millis() {
                return self.millis();
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(self.millis());
            }
        };
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public Scheduler newScheduler(String threadName) {
        return new Scheduler() {
            private volatile boolean closed;

            @Override
            public boolean schedule(Runnable task, long delayNanos) {
                if (closed) {
                    return false;
                }
                enqueue(nanos.get() + delayNanos, () -> {
                    if (!closed) {
                        SystemTime.runLogged(task, threadName);
                    }
                });
                return true;
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    @Override
    public void sleep(long sleepNanos) throws InterruptedException {
        CountDownLatch woken = new CountDownLatch(1);
        enqueue(nanos.get() + sleepNanos, woken::countDown);
        waiting(1);
        try {
            woken.await();
        } finally {
            waiting(-1);
        }
    }

    @Override
    public <T> T await(CompletableFuture<T> future, long waitNanos)
        throws ExecutionException, TimeoutException, InterruptedException {
        CompletableFuture<Void> timeout = new CompletableFuture<>();
        enqueue(nanos.get() + waitNanos, () -> timeout.complete(null));
        waiting(1);
        try {
            CompletableFuture.anyOf(future, timeout).get();
        } catch (ExecutionException e) {
            // the future failed: reported below
        } finally {
            waiting(-1);
        }
        if (!future.isDone()) {
            throw new TimeoutException();
        }
        return future.get();
    }

    private synchronized void waiting(int delta) {
        waiters += delta;
        notifyAll();
    }
}
