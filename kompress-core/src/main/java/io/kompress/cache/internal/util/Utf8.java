package io.kompress.cache.internal.util;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 for cached values and exact encoding for keys and fields.
 *
 * <p>Decoding leniently would turn bytes that are not UTF-8 into U+FFFD and hand the caller a value nobody
 * stored; decoding strictly every time would cost a second pass on every hit. So values are decoded the fast
 * way and checked strictly only in the rare case that the result holds a U+FFFD.
 */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * Decodes a stored value.
     *
     * @param bytes the bytes Redis returned
     * @return the text, or null when the bytes are not UTF-8
     */
    public static String decodeOrNull(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        if (s.indexOf('\uFFFD') < 0) {
            return s;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * The index of the first unpaired surrogate: a Java string that is not valid Unicode and would be written
     * to Redis as {@code ?}, colliding with other keys or fields.
     *
     * @param s the string
     * @return the index, or -1 when the string is valid Unicode
     */
    public static int unpairedSurrogate(String s) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i += 2;
            } else if (Character.isSurrogate(c)) {
                return i;
            } else {
                i++;
            }
        }
        return -1;
    }
}
