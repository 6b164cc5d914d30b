package io.kompress.cache.internal.json;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * {@link Duration} as the ISO-8601 text Pydantic writes for a {@code timedelta}, so both languages read what the
 * other wrote: the sign in front ({@code -PT1S}, where {@link Duration#toString()} writes {@code PT-1S}, which
 * Pydantic rejects), whole days as {@code D} and 365-day years as {@code Y} ({@code P1Y35D}), then
 * {@code T}-hours, minutes and seconds with up to nine fraction digits, trailing zeros dropped; zero is
 * {@code PT0S}.
 *
 * <p>Reading takes that form (with {@code W} weeks and 30-day {@code M} months, which Pydantic also reads, and
 * a comma as the decimal mark) and, for entries written by earlier versions, anything
 * {@link Duration#parse(CharSequence)} takes, such as {@code PT-1S} or {@code PT-23H}.
 */
final class IsoDurations {

    private static final long DAY = 86_400;
    private static final long YEAR = 365 * DAY;

    private IsoDurations() {
    }

    /** Formats like Pydantic: {@code -P1Y34DT19H}, {@code PT1.5S}, {@code PT0S}. */
    static String format(Duration d) {
        if (d.isZero()) {
            return "PT0S";
        }
        StringBuilder out = new StringBuilder(24);
        Duration abs = d;
        if (d.isNegative()) {
            out.append('-');
            abs = d.equals(Duration.ofSeconds(Long.MIN_VALUE)) ? null : d.negated();
            if (abs == null) {
                return d.toString(); // the one value whose magnitude Duration cannot hold; never a real TTL
            }
        }
        long seconds = abs.getSeconds();
        int nanos = abs.getNano();
        long days = seconds / DAY;
        long rest = seconds % DAY;
        out.append('P');
        if (days >= 365) {
            out.append(days / 365).append('Y');
        }
        if (days % 365 != 0) {
            out.append(days % 365).append('D');
        }
        if (rest != 0 || nanos != 0) {
            out.append('T');
            if (rest >= 3600) {
                out.append(rest / 3600).append('H');
            }
            if (rest % 3600 >= 60) {
                out.append(rest % 3600 / 60).append('M');
            }
            long secs = rest % 60;
            if (secs != 0 || nanos != 0) {
                out.append(secs);
                if (nanos != 0) {
                    String fraction = Integer.toString(1_000_000_000 + nanos).substring(1);
                    int end = fraction.length();
                    while (fraction.charAt(end - 1) == '0') {
                        end--;
                    }
                    out.append('.').append(fraction, 0, end);
                }
                out.append('S');
            }
        }
        return out.toString();
    }

    /**
     * Parses either form.
     *
     * @throws DateTimeParseException when the text is neither
     */
    static Duration parse(String text) {
        Duration d = parsePydantic(text);
        return d != null ? d : Duration.parse(text);
    }

    /** Pydantic's form, or {@code null} when the text is not in it. */
    private static Duration parsePydantic(String s) {
        int i = 0;
        int n = s.length();
        boolean negative = false;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        if (i >= n || s.charAt(i) != 'P') {
            return null;
        }
        i++;
        BigDecimal total = BigDecimal.ZERO;
        boolean time = false;
        boolean any = false;
        String datePart = "YMWD";
        String timePart = "HMS";
        int lastUnit = -1;
        while (i < n) {
            char c = s.charAt(i);
            if (c == 'T') {
                if (time) {
                    return null;
                }
                time = true;
                lastUnit = -1;
                i++;
                continue;
            }
            int start = i;
            while (i < n && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == ',')) {
                i++;
            }
            if (start == i || i >= n) {
                return null;
            }
            String number = s.substring(start, i).replace(',', '.');
            char unitChar = s.charAt(i++);
            int unit = (time ? timePart : datePart).indexOf(unitChar);
            if (unit <= lastUnit || number.startsWith(".") || number.endsWith(".")
                || (number.indexOf('.') >= 0 && !(time && unitChar == 'S'))) {
                return null; // unknown or repeated unit, out of order, or a fraction other than seconds
            }
            lastUnit = unit;
            BigDecimal value;
            try {
                value = new BigDecimal(number);
            } catch (NumberFormatException e) {
                return null;
            }
            long unitSeconds = time ? new long[] {3600, 60, 1}[unit] : new long[] {YEAR, 30 * DAY, 7 * DAY, DAY}[unit];
            total = total.add(value.multiply(BigDecimal.valueOf(unitSeconds)));
            any = true;
        }
        if (!any) {
            return null;
        }
        if (negative) {
            total = total.negate();
        }
        try {
            BigDecimal whole = new BigDecimal(total.toBigInteger());
            long nanos = total.subtract(whole).movePointRight(9).longValueExact();
            return Duration.ofSeconds(whole.longValueExact(), nanos);
        } catch (ArithmeticException e) {
            return null;
        }
    }
}
