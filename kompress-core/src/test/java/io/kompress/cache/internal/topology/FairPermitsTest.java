package io.kompress.cache.internal.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A node's connection permits: first come, first served; a waiter that gives up leaves without a trace and is
 * skipped; an interrupted waiter holds nothing; reads queued behind a reader ride along in its round trip. Threads
 * are coordinated by waiting for the queue to fill, never by sleeping for a while.
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
                    if (permits.acquire(null, LONG) != null) {
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
        assertNull(permits.acquire(null, TimeUnit.MILLISECONDS.toNanos(1)), "no permit came within 1 ms");
        assertEquals(0, permits.waiting());
        CountDownLatch got = new CountDownLatch(1);
        Thread live = new Thread(() -> {
            try {
                if (permits.acquire(null, LONG) != null) {
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
        assertThrows(InterruptedException.class, () -> permits.acquire(null, LONG));
        assertEquals(0, permits.waiting());
        permits.release();
        assertTrue(permits.tryAcquire());
    }

    @Test
    void readsQueuedBehindAReaderRideAlongUpToTheLimitAndUpToTheFirstOtherCall() throws Exception {
        FairPermits permits = new FairPermits(1);
        assertTrue(permits.tryAcquire());
        int max = FairPermits.MAX_RIDERS;
        int plain = max + 4; // the one caller without a read: adoption stops in front of it
        int callers = plain + 4;
        Map<FieldRead, Integer> ids = new ConcurrentHashMap<>();
        String[] outcome = new String[callers];
        Thread[] threads = new Thread[callers];
        for (int i = 0; i < callers; i++) {
            int id = i;
            FieldRead read = id == plain ? null : new FieldRead(new byte[] {1}, new byte[] {(byte) id});
            if (read != null) {
                ids.put(read, id);
            }
            threads[i] = new Thread(() -> outcome[id] = take(permits, read, ids));
            threads[i].start();
            awaitWaiting(permits, i + 1);
        }
        permits.release();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        for (int i = 0; i < callers; i++) {
            String expected = i == 0 ? "led " + max : i <= max ? "rode " + i
                : i == max + 1 ? "led 2" : i < plain ? "rode " + i : i == plain ? "led 0" : i == plain + 1 ? "led 2"
                : "rode " + i;
            assertEquals(expected, outcome[i], "caller " + i);
        }
        assertTrue(permits.tryAcquire(), "the last release returned the permit");
    }

    @Test
    void aRiderWaitsForItsReplyPastTheTimeItWouldWaitInLine() throws Exception {
        FairPermits permits = new FairPermits(1);
        assertTrue(permits.tryAcquire());
        FieldRead leaderRead = new FieldRead(new byte[] {1}, new byte[] {1});
        FieldRead riderRead = new FieldRead(new byte[] {1}, new byte[] {2});
        List<FairPermits.Turn> leader = new CopyOnWriteArrayList<>();
        Thread lead = queueLeader(permits, leaderRead, leader);
        long wait = TimeUnit.SECONDS.toNanos(2);
        long riderDeadline = System.nanoTime() + wait;
        List<String> rider = new CopyOnWriteArrayList<>();
        Thread ride = new Thread(() -> {
            try {
                FairPermits.Turn t = permits.acquire(riderRead, wait);
                rider.add(t == null ? "timed out" : t.rode() ? new String(t.reply().get(0), StandardCharsets.UTF_8)
                    : "granted");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ride.start();
        awaitWaiting(permits, 2);
        permits.release();
        lead.join(TimeUnit.SECONDS.toMillis(30));
        FairPermits.Turn turn = leader.get(0);
        assertEquals(1, turn.riders().size(), "the second reader was taken along");
        while (System.nanoTime() <= riderDeadline) { // the rider's time in line runs out while its read is out
            Thread.onSpinWait();
        }
        turn.riders().get(0).complete(List.of("reply".getBytes(StandardCharsets.UTF_8)), 1);
        ride.join(TimeUnit.SECONDS.toMillis(30));
        assertEquals(List.of("reply"), rider);
        permits.release();
        assertTrue(permits.tryAcquire());
    }

    @Test
    void aRiderWhoseCarrierNeverAnswersGivesUpAsATimeoutAndIsNotHandedBack() throws Exception {
        FairPermits permits = new FairPermits(1);
        assertTrue(permits.tryAcquire());
        List<FairPermits.Turn> leader = new CopyOnWriteArrayList<>();
        Thread lead = queueLeader(permits, new FieldRead(new byte[] {1}, new byte[] {1}), leader);
        List<Object> rider = new CopyOnWriteArrayList<>();
        Thread ride = new Thread(() -> {
            try { // waits up to 1 s in line, is taken along at once; its carrier (the leader) never sends its read
                FairPermits.Turn t = permits.acquire(new FieldRead(new byte[] {1}, new byte[] {2}),
                    TimeUnit.SECONDS.toNanos(1));
                rider.add(t == null ? "timed out in line" : t.rode() ? t.reply() : "granted");
            } catch (RuntimeException e) {
                rider.add(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ride.start();
        awaitWaiting(permits, 2);
        permits.release();
        lead.join(TimeUnit.SECONDS.toMillis(30));
        assertEquals(1, leader.get(0).riders().size(), "the second reader was taken along");
        ride.join(TimeUnit.SECONDS.toMillis(30)); // parked with no deadline, it would never return
        assertFalse(ride.isAlive(), "the rider is still waiting for a reply that never comes");
        JedisConnectionException e = (JedisConnectionException) rider.get(0);
        assertTrue(e.getCause() instanceof java.net.SocketTimeoutException, "fails over like a read that timed out");
        permits.handBack(leader.get(0)); // the carrier fails before sending: the rider that left is not queued again
        assertEquals(0, permits.waiting());
        assertTrue(permits.tryAcquire(), "the permit came back");
    }

    @Test
    void aRiderGetsTheFailureOfThePipelineItRodeIn() throws Exception {
        FairPermits permits = new FairPermits(1);
        assertTrue(permits.tryAcquire());
        List<Object> seen = new CopyOnWriteArrayList<>();
        Thread[] threads = new Thread[2];
        for (int i = 0; i < 2; i++) {
            FieldRead read = new FieldRead(new byte[] {1}, new byte[] {(byte) i});
            threads[i] = new Thread(() -> {
                try {
                    FairPermits.Turn t = permits.acquire(read, LONG);
                    if (t != null && !t.rode()) {
                        RuntimeException broken = new IllegalStateException("connection reset");
                        t.riders().forEach(r -> r.fail(broken, 1));
                        permits.release();
                    } else if (t != null) {
                        seen.add(assertThrows(IllegalStateException.class, t::reply).getMessage());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            threads[i].start();
            awaitWaiting(permits, i + 1);
        }
        permits.release();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertEquals(List.of("connection reset"), seen);
    }

    /** Waits for a turn: a leader answers each rider with the rider's number, then releases. */
    private static String take(FairPermits permits, FieldRead read, Map<FieldRead, Integer> ids) {
        try {
            FairPermits.Turn t = permits.acquire(read, LONG);
            if (t == null) {
                return "timed out";
            }
            if (t.rode()) {
                return "rode " + new String(t.reply().get(0), StandardCharsets.UTF_8);
            }
            int riders = t.riders().size();
            for (FairPermits.Turn r : t.riders()) {
                r.complete(List.of(Integer.toString(ids.get(r.read())).getBytes(StandardCharsets.UTF_8)), 1);
            }
            permits.release();
            return "led " + riders;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Starts a reader that queues first for the taken permit; its turn lands in {@code turns} once granted. */
    private static Thread queueLeader(FairPermits permits, FieldRead read, List<FairPermits.Turn> turns)
        throws InterruptedException {
        Thread lead = new Thread(() -> {
            try {
                turns.add(permits.acquire(read, LONG));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        lead.start();
        awaitWaiting(permits, 1);
        return lead;
    }

    private static void awaitWaiting(FairPermits permits, int n) throws InterruptedException {
        long deadline = System.nanoTime() + LONG;
        while (permits.waiting() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(n, permits.waiting());
    }
}
