package io.kompress.cache.internal.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node's connection permits: first come, first served; a waiter that gives up leaves without a trace and is
 * skipped; an interrupted waiter holds nothing. Threads are coordinated by waiting for the queue to fill, never
 * by sleeping for a while.
 */
class FairPermitsTest {

    private static final long LONG = TimeUnit.SECONDS.toNanos(30);

    @Test
    void permitsGoToWaitersInTheOrderTheyCame() throws Exception {
        FairPermits permits = new FairPermits(1);
        assertTrue(permits.tryAcquire());
        List<Integer> order = new CopyOnWriteArrayList<>();
        Thread[] waiters = new Thread[5];
        for (int i = 0; i < waiters.length; i++) {
            int id = i;
            waiters[i] = new Thread(() -> {
                try {
                    if (permits.acquire(LONG)) {
                        order.add(id);
                        permits.release();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiters[i].start();
            awaitWaiting(permits, i + 1);
        }
        assertFalse(permits.tryAcquire(), "a newcomer does not jump the queue");
        permits.release();
        for (Thread t : waiters) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertEquals(List.of(0, 1, 2, 3, 4), order);
        assertTrue(permits.tryAcquire(), "the last release returned the permit");
    }

    @Test
    void aWaiterThatGivesUpIsSkippedAndHoldsNothing() throws Exception {
        FairPermits permits = new FairPermits(1);
        assertTrue(permits.tryAcquire());
        assertFalse(permits.acquire(TimeUnit.MILLISECONDS.toNanos(1)), "no permit came within 1 ms");
        assertEquals(0, permits.waiting());
        CountDownLatch got = new CountDownLatch(1);
        Thread live = new Thread(() -> {
            try {
                if (permits.acquire(LONG)) {
                    got.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        live.start();
        awaitWaiting(permits, 1);
        permits.release();
        assertTrue(got.await(30, TimeUnit.SECONDS), "the permit skipped the one that gave up");
        live.join();
    }

    @Test
    void anInterruptedWaiterThrowsAndHoldsNothing() throws Exception {
        FairPermits permits = new FairPermits(1);
        assertTrue(permits.tryAcquire());
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> permits.acquire(LONG));
        assertEquals(0, permits.waiting());
        permits.release();
        assertTrue(permits.tryAcquire());
    }

    private static void awaitWaiting(FairPermits permits, int n) throws InterruptedException {
        long deadline = System.nanoTime() + LONG;
        while (permits.waiting() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(n, permits.waiting());
    }
}
