package io.kompress.cache.internal.topology;

import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A node's connection permits, handed out first come, first served, with waits that give up in O(1).
 *
 * <p>{@link java.util.concurrent.Semaphore} would do, except under the load this exists for: thousands of
 * callers (virtual threads) waiting at once with a timeout. A timed-out {@code Semaphore} waiter unlinks itself by
 * walking the wait queue, so when many give up together the walks add up to a quadratic amount of work on the very
 * CPUs the connections' holders need, and a long queue collapses (measured here: 10 000 virtual threads on 16
 * connections fell from 50 000 to 8 000 calls a second once waits began to time out). Here a waiter that gives up
 * only marks itself; {@link #release()} skips marked waiters as it hands the permit to the next live one. Waiting
 * parks ({@link LockSupport}), which never pins a virtual thread; the lock is held for a few instructions.
 */
final class FairPermits {

    /** One parked caller. */
    private static final class Waiter {
        private final Thread thread = Thread.currentThread();
        private volatile boolean granted;
        private boolean cancelled; // guarded by the lock
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private int available;
    private int waiting;

    FairPermits(int permits) {
        this.available = permits;
    }

    /** Takes a permit if one is free and nobody is waiting for it. */
    boolean tryAcquire() {
        lock.lock();
        try {
            if (available > 0 && waiting == 0) {
                available--;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits in line for a permit.
     *
     * @return false when none came within {@code nanos}
     * @throws InterruptedException when interrupted while waiting; no permit is then held
     */
    boolean acquire(long nanos) throws InterruptedException {
        Waiter w;
        lock.lock();
        try {
            if (available > 0 && waiting == 0) {
                available--;
                return true;
            }
            w = new Waiter();
            queue.addLast(w);
            waiting++;
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + nanos;
        while (!w.granted) {
            long left = deadline - System.nanoTime();
            boolean interrupted = Thread.interrupted();
            if (left <= 0 || interrupted) {
                lock.lock();
                try {
                    if (!w.granted) {
                        w.cancelled = true;
                        waiting--;
                    }
                } finally {
                    lock.unlock();
                }
                if (w.granted) { // granted while giving up: keep it, unless interrupted
                    if (interrupted) {
                        release();
                        throw new InterruptedException();
                    }
                    return true;
                }
                if (interrupted) {
                    throw new InterruptedException();
                }
                return false;
            }
            LockSupport.parkNanos(this, left);
        }
        return true;
    }

    /** Returns a permit: to the longest-waiting live caller, or to the pool when nobody waits. */
    void release() {
        Waiter next;
        lock.lock();
        try {
            do {
                next = queue.pollFirst();
            } while (next != null && next.cancelled);
            if (next == null) {
                available++;
            } else {
                waiting--;
                next.granted = true;
            }
        } finally {
            lock.unlock();
        }
        if (next != null) {
            LockSupport.unpark(next.thread);
        }
    }

    /** How many callers are waiting. */
    int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }
}
