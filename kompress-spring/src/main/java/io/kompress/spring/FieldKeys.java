package io.kompress.spring;

import java.util.UUID;
import org.springframework.cache.interceptor.SimpleKey;

/**
 * Turns a Spring cache key into the Redis field it is stored under, so that other clients (the Python package,
 * {@code redis-cli}) find the same entry: text as it is; numbers, booleans, characters and UUIDs as their
 * {@code toString()}; enums by name. Composite keys are made by {@link KompressKeyGenerator} (the parameters so
 * converted, joined by {@code :}); Spring's own {@link SimpleKey} of several parameters is refused, as is any other
 * key type, with a message saying how to name the field ({@code @Cacheable(key = "#user.id")}): a
 * {@code toString()} is rarely stable across versions or JVMs.
 */
final class FieldKeys {

    /** The field of a method with no parameters. */
    static final String NO_PARAMETERS = "_";

    private FieldKeys() {
    }

    /** The field of one parameter, or null when its type has no stable text. */
    static String part(Object key) {
        return simple(key);
    }

    static String field(String cache, Object key) {
        if (key instanceof SimpleKey composite) {
            if (composite.equals(SimpleKey.EMPTY)) {
                return NO_PARAMETERS;
            }
            throw new IllegalArgumentException("cache '" + cache + "': a method of several parameters needs the "
                + "KompressKeyGenerator (the starter sets it) or a key naming the field, such as "
                + "@Cacheable(key = \"#tenant + ':' + #id\")");
        }
        String simple = simple(key);
        if (simple == null) {
            throw new IllegalArgumentException("cache '" + cache + "': a key of type " + key.getClass().getName()
                + " has no stable field; name it with @Cacheable(key = \"#user.id\") or a KeyGenerator");
        }
        if (simple.isEmpty()) {
            throw new IllegalArgumentException("cache '" + cache + "': the key is empty text, which is no field");
        }
        return simple;
    }

    private static String simple(Object key) {
        if (key instanceof CharSequence || key instanceof Number || key instanceof Boolean
            || key instanceof Character || key instanceof UUID) {
            return key.toString();
        }
        if (key instanceof Enum<?> e) {
            return e.name();
        }
        return null;
    }
}
