package io.kompress.cache.internal.near;

/**
 * A near-cache key: a hash key and a field, equal to any other {@code NearKey} with the same hash key and the
 * same field characters, whichever form holds them. An entry is stored under itself (the near cache's entry is a
 * {@code NearKey}); lookups use a thread's reusable {@link Probe}, which can hold a field as a {@code long} without
 * building its text, so that a near hit allocates nothing.
 *
 * <p>The hash code is {@code 31 * key.hashCode() + field.hashCode()}, with the field's {@link String#hashCode()}
 * computed over its characters, so both forms agree.
 */
abstract class NearKey {

    static int hash(String key, int fieldHash) {
        return 31 * key.hashCode() + fieldHash;
    }

    abstract String hashKey();

    abstract int hash();

    /** The field's length; a key that may hold its field as digits overrides this and {@link #fieldChar}. */
    int fieldLength() {
        return fieldText().length();
    }

    char fieldChar(int i) {
        return fieldText().charAt(i);
    }

    /** The field as a {@code String}, or null while it is held as digits. */
    abstract String fieldText();

    /**
     * Whether {@code other} has the same field characters: {@link String#equals} when both hold text (true at once
     * for the same instance, as a caller's own field string usually is), character by character otherwise.
     */
    final boolean sameField(NearKey other) {
        String mine = fieldText();
        String theirs = other.fieldText();
        if (mine != null && theirs != null) {
            return mine.equals(theirs);
        }
        int n = fieldLength();
        if (n != other.fieldLength()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (fieldChar(i) != other.fieldChar(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public final int hashCode() {
        return hash();
    }

    @Override
    public final boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof NearKey other && hash() == other.hash() && hashKey().equals(other.hashKey())
            && sameField(other);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(hashKey()).append(' ');
        for (int i = 0; i < fieldLength(); i++) {
            b.append(fieldChar(i));
        }
        return b.toString();
    }
}
