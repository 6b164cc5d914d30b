package io.kompress.cache.internal.near;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names for this cache instance's writes. Every write Kompress makes announces its stamp and the fields it wrote
 * (see {@code WriteAnnouncements}), so that other near caches drop only those fields and this one recognises its
 * own writes when a node reports applying them. A stamp is a random per-instance prefix and a sequence number:
 * {@code 3f786850e387550f.42}.
 */
public final class Stamps {

    private final String prefix;
    private final AtomicLong sequence = new AtomicLong();

    /** Stamps with a fresh random prefix. */
    public Stamps() {
        this.prefix = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE) + '.';
    }

    /** A stamp no other write of this instance had. */
    public String next() {
        return prefix + sequence.incrementAndGet();
    }

    /** Whether {@code stamp} names a write of this instance. */
    public boolean own(String stamp) {
        return stamp.startsWith(prefix);
    }
}
