package io.kompress.cache.internal.json;

/**
 * The two RFC 8259 rules Gson's {@code Strictness.STRICT} reader does not enforce, checked before parsing so
 * that Kompress rejects exactly what Pydantic rejects: a leading byte-order mark (RFC 8259 §8.1: implementations
 * "MUST NOT add a byte order mark"; Gson skips one silently) and a {@code \}{@code u} escape that leaves a lone
 * UTF-16 surrogate ({@code "\}{@code ud800"}), which is no Unicode text and which Pydantic refuses. Gson's
 * strict mode already refuses the rest: {@code TRUE}, raw control characters in strings, {@code \'}.
 *
 * <p>The common entry, with no backslash at all, costs one {@code indexOf}.
 */
final class RfcStrictness {

    private RfcStrictness() {
    }

    /** What breaks the two rules, or {@code null} when neither is broken. */
    static String violation(String json) {
        if (!json.isEmpty() && json.charAt(0) == '\uFEFF') {
            return "starts with a byte-order mark";
        }
        int i = json.indexOf('\\');
        if (i < 0) {
            return null;
        }
        int n = json.length();
        boolean pendingHigh = false;
        while (i < n) {
            char c = json.charAt(i);
            if (c != '\\') {
                if (pendingHigh) {
                    return "a \\u escape leaves a lone surrogate";
                }
                int next = json.indexOf('\\', i);
                if (next < 0) {
                    return null;
                }
                i = next;
                continue;
            }
            if (i + 1 >= n) {
                return null; // a trailing backslash: the parser reports it
            }
            char kind = json.charAt(i + 1);
            if (kind != 'u' || i + 6 > n) {
                if (pendingHigh) {
                    return "a \\u escape leaves a lone surrogate";
                }
                i += 2;
                continue;
            }
            int unit = hex(json, i + 2);
            if (unit < 0) {
                return null; // a malformed escape: the parser reports it
            }
            boolean high = unit >= 0xD800 && unit <= 0xDBFF;
            boolean low = unit >= 0xDC00 && unit <= 0xDFFF;
            if (pendingHigh != low) {
                return "a \\u escape leaves a lone surrogate";
            }
            pendingHigh = high;
            i += 6;
        }
        return pendingHigh ? "a \\u escape leaves a lone surrogate" : null;
    }

    private static int hex(String s, int from) {
        int v = 0;
        for (int k = from; k < from + 4; k++) {
            int d = Character.digit(s.charAt(k), 16);
            if (d < 0) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }
}
