package io.kompress.cache.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kompress.cache.CacheModel;
import io.kompress.cache.internal.time.FakeTime;
import io.kompress.cache.observability.CacheListener;
import io.kompress.cache.observability.CacheListener.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Refresh-ahead's per-entry state, on a fake clock and an executor that runs work on the calling thread. */
class RefreshAheadTest {

    private static final CacheModel<String> MODEL = CacheModel.of(String.class);

    private final FakeTime time = new FakeTime(Instant.parse("2026-01-01T00:00:00Z"));
    private final Events events = new Events();
    private final RefreshAhead refresher = new RefreshAhead(Runnable::run, time, events);
    private final AtomicInteger reloads = new AtomicInteger();

    @Test
    void whoeverSeesAFailedRefreshAlsoSeesItsBackOffInForce() {
        List<String> seen = new ArrayList<>();
        events.add(new CacheListener() {
            @Override
            public void onEvent(@Nullable String key, Event event, long count) {
                if (event != Event.REFRESH_FAILED) {
                    return;
                }
                trigger(RefreshAhead.Outcome.REFRESHED);
                seen.add("within the back-off: " + reloads.get() + " reload");
                time.advance(Duration.ofMillis(RefreshAhead.RETRY_MILLIS));
                trigger(RefreshAhead.Outcome.REFRESHED);
                seen.add("at its end: " + reloads.get() + " reloads");
            }
        });

        trigger(RefreshAhead.Outcome.FAILED);

        assertEquals(List.of("within the back-off: 1 reload", "at its end: 2 reloads"), seen);
    }

    @Test
    void aSkippedRefreshPublishesNothingAndLeavesTheEntryFree() {
        AtomicInteger published = new AtomicInteger();
        events.add(new CacheListener() {
            @Override
            public void onEvent(@Nullable String key, Event event, long count) {
                published.incrementAndGet();
            }
        });

        trigger(RefreshAhead.Outcome.SKIPPED);
        trigger(RefreshAhead.Outcome.REFRESHED);

        assertEquals(2, reloads.get(), "a skipped refresh leaves no back-off");
        assertEquals(1, published.get(), "only the refresh that loaded is published");
    }

    private void trigger(RefreshAhead.Outcome outcome) {
        refresher.trigger("k", "f", MODEL, () -> {
            reloads.incrementAndGet();
            return outcome;
        });
    }
}
