package io.kompress.cache.internal.engine;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A short fingerprint of an entry's value, stored in its expiry field so that the expiry applies only to the
 * value it was written with: the first {@value #HEX_LENGTH} hex digits of the value's SHA-1. SHA-1 because Redis
 * scripts can compute it too ({@code redis.sha1hex}), so the expiry sweep recognises a value some other writer
 * put there; this is a tag against accidental reuse, not a security measure.
 */
final class Fingerprint {

    static final int HEX_LENGTH = 16;

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final MessageDigest PROTOTYPE = sha1();

    private Fingerprint() {
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }

    private static byte[] digest(byte[] value) {
        try {
            return ((MessageDigest) PROTOTYPE.clone()).digest(value);
        } catch (CloneNotSupportedException e) {
            return sha1().digest(value);
        }
    }

    /** The fingerprint of {@code value} as ASCII hex. */
    static byte[] of(byte[] value) {
        byte[] d = digest(value);
        byte[] out = new byte[HEX_LENGTH];
        for (int i = 0; i < HEX_LENGTH / 2; i++) {
            out[2 * i] = HEX[(d[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[d[i] & 0xF];
        }
        return out;
    }

    /** Whether {@code text[from, from + HEX_LENGTH)} is the fingerprint of {@code value}. */
    static boolean matches(byte[] value, byte[] text, int from) {
        if (text.length - from != HEX_LENGTH) {
            return false;
        }
        byte[] expected = of(value);
        for (int i = 0; i < HEX_LENGTH; i++) {
            if (text[from + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
