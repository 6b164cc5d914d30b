package io.kompress.cache.internal.near;

/**
 * A thread's reusable lookup key: set to a hash key and a field before each lookup, never stored. A {@code long}
 * field is held as its decimal digits in a buffer (the characters {@link Long#toString(long)} would write), so
 * a lookup by number builds no string.
 */
final class Probe extends NearKey {

    private final char[] digits = new char[20]; // "-9223372036854775808"
    private String key = "";
    private String field;
    private int length;
    private int hash;

    Probe of(String hashKey, String name) {
        this.key = hashKey;
        this.field = name;
        this.length = name.length();
        this.hash = hash(hashKey, name.hashCode());
        return this;
    }

    Probe of(String hashKey, long number) {
        this.key = hashKey;
        this.field = null;
        int i = digits.length;
        long n = number;
        do {
            digits[--i] = (char) ('0' + Math.abs(n % 10));
            n /= 10;
        } while (n != 0);
        if (number < 0) {
            digits[--i] = '-';
        }
        int fieldHash = 0;
        for (int j = i; j < digits.length; j++) {
            fieldHash = 31 * fieldHash + digits[j];
        }
        this.length = digits.length - i;
        this.hash = hash(hashKey, fieldHash);
        return this;
    }

    @Override
    String hashKey() {
        return key;
    }

    @Override
    int hash() {
        return hash;
    }

    @Override
    int fieldLength() {
        return length;
    }

    @Override
    String fieldText() {
        return field;
    }

    @Override
    char fieldChar(int i) {
        return field != null ? field.charAt(i) : digits[digits.length - length + i];
    }
}
