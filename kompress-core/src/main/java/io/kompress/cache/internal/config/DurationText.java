package io.kompress.cache.internal.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations users write in annotations and environment variables: {@code 500ms}, {@code 30s},
 * {@code 10m}, {@code 2h}, {@code 1d}, or ISO-8601 such as {@code PT10M}. Anything else is an error naming
 * where the text came from.
 */
public final class DurationText {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");

    private DurationText() {
    }

    /**
     * Parses {@code text}.
     *
     * @param text  the duration
     * @param where what the text is, for the error message, such as {@code ttl of UserService.find(long)}
     * @return the duration
     * @throws IllegalArgumentException when the text is not a duration or is negative
     */
    public static Duration parse(String text, String where) {
        String t = text == null ? "" : text.trim();
        Matcher m = SHORT.matcher(t);
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(t);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(where + ": '" + text + "' is not a duration; write 500ms, 30s, "
                    + "10m, 2h, 1d or ISO-8601 such as PT10M");
            }
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException(where + ": '" + text + "' is negative");
        }
        return d;
    }
}
