package io.kompress.cache.internal.util;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one logger Kompress writes to, named {@code kompress_cache} like the Python package's. */
public final class Log {

    /** The logger name, shared with the Python package. */
    public static final String NAME = "kompress_cache";

    /** The logger. */
    public static final Logger LOG = LoggerFactory.getLogger(NAME);

    private Log() {
    }
}
