package io.kompress.cache.internal.topology;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A node's connection permits, handed out first come, first served, with waits that give up in O(1), and reads
 * that ride along with the caller ahead of them.
 *
 * <p>{@link java.util.concurrent.Semaphore} would do for the permits, except under the load this exists for:
 * thousands of callers (virtual threads) waiting at once with a timeout. A timed-out {@code Semaphore} waiter
 * unlinks itself by walking the wait queue, so when many give up together the walks add up to a quadratic amount
 * of work on the very CPUs the connections' holders need, and a long queue collapses (measured here: 10 000
 * virtual threads on 16 connections fell from 50 000 to 8 000 calls a second once waits began to time out). Here a
 * waiter that gives up only marks itself; {@link #release()} skips marked waiters as it hands the permit to the
 * next live one. Waiting parks ({@link LockSupport}), which never pins a virtual thread; the lock is held for a few
 * instructions.
 *
 * <p>Combining: a waiter queued with a {@link FieldRead} that is handed a permit also takes the next queued
 * waiters that carry one (up to {@value #MAX_RIDERS}, in queue order, up to the first waiter that carries none) as
 * its <em>riders</em>: it sends their reads with its own in one pipeline and {@linkplain Turn#complete completes}
 * each. A rider gives up its place in the queue, so it stops counting against the timeout: its read is on the wire
 * and it waits for the answer, which the connection's own socket timeout bounds. Under saturation this turns a
 * round trip per lookup into one per group, which is what lets thousands of callers share a few connections
 * without paying a network wait each. A caller that finds a permit free never waits and never combines.
 */
final class FairPermits {

    /** Most reads one caller takes along in its pipeline. */
    static final int MAX_RIDERS = 31;

    private static final int WAITING = 0;
    private static final int GRANTED = 1;
    private static final int RIDING = 2;
    private static final int DONE = 3;

    /**
     * One caller's place in line, and how it ended: holding a permit (with riders to serve, perhaps), or having
     * ridden along, with the reply or failure of its read.
     */
    static final class Turn {
        private final Thread thread = Thread.currentThread();
        private final @Nullable FieldRead read;
        private volatile int state;
        private boolean cancelled; // guarded by the lock
        private List<Turn> riders = List.of(); // written under the lock before state becomes GRANTED
        private @Nullable List<byte[]> reply; // written before state becomes DONE
        private @Nullable RuntimeException failure;
        private long servedNanos;

        private Turn(@Nullable FieldRead read) {
            this.read = read;
        }

        /** Whether this caller rode along: its read was answered, and it holds no permit. */
        boolean rode() {
            return state == DONE;
        }

        /** The callers whose reads this one, holding a permit, must send and complete. */
        List<Turn> riders() {
            return riders;
        }

        /** The read to send for this rider. */
        FieldRead read() {
            FieldRead r = read;
            if (r == null) {
                throw new IllegalStateException("a rider without a read");
            }
            return r;
        }

        /** Hands this rider its reply, measured over {@code nanos}, and wakes it (unless it gave up waiting). */
        void complete(List<byte[]> value, long nanos) {
            reply = value;
            finish(nanos);
        }

        /** Hands this rider the failure of its read (or of the pipeline it rode in), unless it has its answer. */
        void fail(RuntimeException e, long nanos) {
            if (state != DONE) {
                failure = e;
                finish(nanos);
            }
        }

        private void finish(long nanos) {
            servedNanos = nanos;
            if (STATE.compareAndSet(this, RIDING, DONE)) {
                LockSupport.unpark(thread);
            }
        }

        /** The rider's own way out when its carrier never answers: wins over a late reply, or loses to it. */
        private boolean abandon(RuntimeException e) {
            if (STATE.compareAndSet(this, RIDING, DONE)) {
                failure = e; // read by this same thread; the carrier's late reply or failure is then ignored
                return true;
            }
            return false; // the carrier finished first (or handed the turn back)
        }

        /** For a rider: how long the pipeline that carried its read took. */
        long servedNanos() {
            return servedNanos;
        }

        /**
         * For a rider: its read's reply.
         *
         * @throws RuntimeException the failure its read met, as the Redis client threw it
         */
        List<byte[]> reply() {
            RuntimeException e = failure;
            if (e != null) {
                throw e;
            }
            List<byte[]> r = reply;
            if (r == null) {
                throw new IllegalStateException("a rider completed without a reply");
            }
            return r;
        }
    }

    /**
     * Loaded with this class, on the thread that builds a node, not by the first of many virtual threads to wait:
     * class loading takes a lock that the JDK cannot unmount a virtual thread from, so the others would pin.
     */
    private static final List<Class<?>> LOADED_EARLY = List.of(Turn.class, CombinedReads.class);

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Turn.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Turn> queue = new ArrayDeque<>();
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
     * Waits in line for a permit, or, carrying {@code read}, for a caller ahead to send it.
     *
     * @param read the caller's read, which may ride along with the caller ahead; null when its call is another
     * @param nanos how long to wait in line at most; a rider waits for its reply beyond that
     * @return the caller's turn: holding a permit (and perhaps riders to serve), or {@link Turn#rode() ridden};
     *         null when no permit came within {@code nanos}
     * @throws InterruptedException when interrupted while waiting in line; nothing is then held
     */
    @Nullable Turn acquire(@Nullable FieldRead read, long nanos) throws InterruptedException {
        Turn w = new Turn(read);
        lock.lock();
        try {
            if (available > 0 && waiting == 0) {
                available--;
                w.state = GRANTED;
                return w;
            }
            queue.addLast(w);
            waiting++;
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + nanos;
        return await(w, deadline, deadline + 2 * nanos);
    }

    /**
     * Waits for {@code w}'s turn: in line until {@code deadline}, then, once riding, for the reply until
     * {@code rideDeadline}. The carrier's pipeline is bounded by the socket timeout; a rider that still has no answer
     * two waits past its line deadline (its carrier died, say) fails as a read that timed out rather than park forever.
     */
    private @Nullable Turn await(Turn w, long deadline, long rideDeadline) throws InterruptedException {
        boolean interruptedRiding = false;
        while (true) {
            int s = w.state;
            if (s == GRANTED || s == DONE) {
                if (interruptedRiding) {
                    Thread.currentThread().interrupt();
                }
                return w;
            }
            if (s == RIDING) { // its read is on the wire: wait for the answer, keep an interrupt for later
                interruptedRiding |= Thread.interrupted();
                long rideLeft = rideDeadline - System.nanoTime();
                if (rideLeft <= 0 && w.abandon(new JedisConnectionException("no reply to a read sent along in "
                    + "another caller's pipeline", new SocketTimeoutException("rider gave up")))) {
                    continue; // DONE with the failure
                }
                LockSupport.parkNanos(this, Math.max(rideLeft, 1));
                continue;
            }
            long left = deadline - System.nanoTime();
            boolean interrupted = Thread.interrupted() || interruptedRiding;
            if (left <= 0 || interrupted) {
                lock.lock();
                try {
                    if (w.state == WAITING) {
                        w.cancelled = true;
                        waiting--;
                    }
                } finally {
                    lock.unlock();
                }
                if (w.state == WAITING) { // cancelled: holds nothing
                    if (interrupted) {
                        throw new InterruptedException();
                    }
                    return null;
                }
                if (w.state == GRANTED && interrupted) {
                    handBack(w);
                    throw new InterruptedException();
                }
                if (interrupted) {
                    interruptedRiding = true; // riding or done: the answer is coming or here
                }
                continue;
            }
            LockSupport.parkNanos(this, left);
        }
    }

    /**
     * Undoes a grant its caller cannot use (it was interrupted, or failed before sending anything): the riders go
     * back to the head of the line, in order, then the permit is released, so they are served as if nothing
     * happened.
     */
    void handBack(Turn w) {
        lock.lock();
        try {
            List<Turn> riders = w.riders;
            for (int i = riders.size() - 1; i >= 0; i--) {
                Turn r = riders.get(i);
                if (STATE.compareAndSet(r, RIDING, WAITING)) { // unless it gave up waiting for the reply
                    queue.addFirst(r);
                    waiting++;
                }
            }
            w.riders = List.of();
        } finally {
            lock.unlock();
        }
        release();
    }

    /**
     * Returns a permit: to the longest-waiting live caller (with the reads queued right behind it, when it carries
     * one), or to the pool when nobody waits.
     */
    void release() {
        Turn next;
        lock.lock();
        try {
            do {
                next = queue.pollFirst();
            } while (next != null && next.cancelled);
            if (next == null) {
                available++;
            } else {
                waiting--;
                if (next.read != null) {
                    next.riders = adoptRiders();
                }
                next.state = GRANTED;
            }
        } finally {
            lock.unlock();
        }
        if (next != null) {
            LockSupport.unpark(next.thread);
        }
    }

    private List<Turn> adoptRiders() {
        List<Turn> riders = null;
        Turn head;
        while ((head = queue.peekFirst()) != null && (riders == null || riders.size() < MAX_RIDERS)) {
            if (!head.cancelled && head.read == null) {
                break;
            }
            queue.pollFirst();
            if (!head.cancelled) {
                waiting--;
                head.state = RIDING;
                if (riders == null) {
                    riders = new ArrayList<>();
                }
                riders.add(head);
            }
        }
        return riders == null ? List.of() : riders;
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
