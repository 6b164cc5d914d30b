package io.kompress.cache.internal.util;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Logs a recurring failure once per outage: one WARN when it starts, DEBUG while it lasts, one INFO when the
 * next attempt succeeds. Keeps a Redis outage from flooding the logs of a busy service.
 */
public final class OutageLog {

    private final String what;
    private final AtomicBoolean failing = new AtomicBoolean();

    /**
     * Creates the log.
     *
     * @param what what is failing, for the messages, such as "Redis reads"
     */
    public OutageLog(String what) {
        this.what = what;
    }

    /**
     * Records a failure.
     *
     * @param consequence what the library does instead, such as "calling loaders"
     * @param e           the failure; only its message is logged (it names operation and node, never values)
     */
    public void failed(String consequence, RuntimeException e) {
        if (failing.compareAndSet(false, true)) {
            Log.LOG.warn("{} failing: {}; {} until Redis answers again", what, e.getMessage(), consequence);
        } else if (Log.LOG.isDebugEnabled()) {
            Log.LOG.debug("{} still failing: {}", what, e.getMessage());
        }
    }

    /** Records a success; logs the recovery if a failure was recorded before. */
    public void succeeded() {
        if (failing.get() && failing.compareAndSet(true, false)) {
            Log.LOG.info("{} recovered", what);
        }
    }
}
