package io.kompress.cache.internal.topology;

/**
 * Where Kompress announces its writes: each write script publishes a begin and an end on
 * {@value #CHANNEL_PREFIX}{@code <hash key>}, read by the near caches' invalidation streams (see
 * {@link WriteAttribution}). The channels are Kompress's own: nothing else may publish on them.
 */
public final class WriteAnnouncement {

    /** Channel prefix of the announcements. */
    public static final String CHANNEL_PREFIX = "kompress:w:";

    private WriteAnnouncement() {
    }
}
