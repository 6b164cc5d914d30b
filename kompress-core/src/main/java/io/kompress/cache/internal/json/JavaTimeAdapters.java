package io.kompress.cache.internal.json;

import com.google.gson.GsonBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Function;

/**
 * ISO-8601 adapters for {@code java.time}, which Gson cannot read reflectively on JDK 17+.
 *
 * <p>The formats are the ones Pydantic v2 writes and reads, byte for byte (seconds always written, a fraction as
 * six digits, UTC as {@code Z}): {@code 2024-05-01T12:30:45.123456Z} and
 * {@code ...+02:00} for aware date-times ({@link Instant}, {@link OffsetDateTime}), no offset for
 * {@link LocalDateTime}, {@code 2024-05-01} for dates, {@code 12:30:45} for times and {@code PT1H30M} or
 * {@code -PT1S} for durations ({@code timedelta}, see {@link IsoDurations}).
 */
final class JavaTimeAdapters {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DATE_SECONDS =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);

    private JavaTimeAdapters() {
    }

    static void register(GsonBuilder builder) {
        DateTimeFormatter aware = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        iso(builder, Instant.class, s -> OffsetDateTime.parse(s, aware).toInstant(),
            i -> local(LocalDateTime.ofInstant(i, ZoneOffset.UTC)) + "Z");
        iso(builder, OffsetDateTime.class, s -> OffsetDateTime.parse(s, aware),
            t -> local(t.toLocalDateTime()) + offset(t.getOffset()));
        iso(builder, LocalDateTime.class, LocalDateTime::parse, JavaTimeAdapters::local);
        iso(builder, LocalDate.class, LocalDate::parse, LocalDate::toString);
        iso(builder, LocalTime.class, LocalTime::parse, t -> SECONDS.format(t) + fraction(t.getNano()));
        iso(builder, Duration.class, IsoDurations::parse, IsoDurations::format);
    }

    /** {@code 2024-05-02T08:00:00}: seconds always, as Pydantic writes them ({@code toString} drops zeros). */
    private static String local(LocalDateTime t) {
        return DATE_SECONDS.format(t) + fraction(t.getNano());
    }

    /** Nothing for whole seconds, else six digits (Pydantic's microseconds), or nine when nanoseconds remain. */
    private static String fraction(int nanos) {
        if (nanos == 0) {
            return "";
        }
        String nine = Integer.toString(1_000_000_000 + nanos).substring(1);
        return "." + (nanos % 1000 == 0 ? nine.substring(0, 6) : nine);
    }

    private static String offset(ZoneOffset offset) {
        return offset.getTotalSeconds() == 0 ? "Z" : offset.getId();
    }

    private static <T> void iso(GsonBuilder builder, Class<T> type, Function<String, T> parse,
                                Function<T, String> format) {
        builder.registerTypeAdapter(type, new TextAdapter<>(parse, format, false));
    }
}
