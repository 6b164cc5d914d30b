package io.kompress.cache.internal.json;

import com.google.gson.GsonBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

/**
 * ISO-8601 adapters for {@code java.time}, which Gson cannot read reflectively on JDK 17+.
 *
 * <p>The formats are the ones Pydantic v2 writes and reads: {@code 2024-05-01T12:30:45.123456Z} and
 * {@code ...+02:00} for aware date-times ({@link Instant}, {@link OffsetDateTime}), no offset for
 * {@link LocalDateTime}, {@code 2024-05-01} for dates, {@code 12:30:45} for times and {@code PT1H30M} for
 * durations ({@code timedelta}).
 */
final class JavaTimeAdapters {

    private JavaTimeAdapters() {
    }

    static void register(GsonBuilder builder) {
        DateTimeFormatter aware = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        iso(builder, Instant.class, s -> OffsetDateTime.parse(s, aware).toInstant(), Instant::toString);
        iso(builder, OffsetDateTime.class, s -> OffsetDateTime.parse(s, aware), aware::format);
        iso(builder, LocalDateTime.class, LocalDateTime::parse, LocalDateTime::toString);
        iso(builder, LocalDate.class, LocalDate::parse, LocalDate::toString);
        iso(builder, LocalTime.class, LocalTime::parse, LocalTime::toString);
        iso(builder, Duration.class, Duration::parse, Duration::toString);
    }

    private static <T> void iso(GsonBuilder builder, Class<T> type, Function<String, T> parse,
                                Function<T, String> format) {
        builder.registerTypeAdapter(type, new TextAdapter<>(parse, format, false));
    }
}
