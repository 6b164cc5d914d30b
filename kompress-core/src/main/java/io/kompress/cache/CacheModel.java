package io.kompress.cache;

import io.kompress.cache.errors.InvalidValueException;
import io.kompress.cache.internal.Implementations;
import java.lang.reflect.Type;

/**
 * How values of one model type are stored: the plain JSON the Python package also reads, parsed strictly and
 * validated with Jakarta Bean Validation.
 *
 * <p>Everything that needs reflection (the Gson adapter, the required-field list, whether the type has any
 * constraints) is worked out once, when the model is first used; {@link #of(Class)} and {@link #of(Type)}
 * return the same instance for the same type, so keeping a reference is optional. Works for classes, records,
 * and generic types such as {@code List<User>} (each element is validated).
 *
 * <pre>{@code
 * CacheModel<User> users = CacheModel.of(User.class);
 * User u = cache.hgetL("users", "42", () -> db.load(42), users);
 * }</pre>
 *
 * <p>Obtain models from the factories; implementing this interface yourself is possible (the cache only calls
 * the four methods below) but gives up the strict, Pydantic-compatible format.
 *
 * @param <T> the model type
 */
public interface CacheModel<T> {

    /**
     * The model for a class or record.
     *
     * @param type the model class
     * @param <T>  the model type
     * @return the model, the same instance on every call for the same class
     * @throws IllegalArgumentException when the type cannot be a model (void, or a class without a
     *                                  no-argument constructor that is not a record)
     */
    static <T> CacheModel<T> of(Class<T> type) {
        return Implementations.model(type);
    }

    /**
     * The model for any type, including generic ones such as {@code List<User>} (from
     * {@link java.lang.reflect.Method#getGenericReturnType()} or a Gson {@code TypeToken}).
     *
     * @param type the model type
     * @param <T>  the model type, unchecked: the caller vouches for it
     * @return the model, the same instance for equal types
     * @throws IllegalArgumentException when the type cannot be a model
     */
    static <T> CacheModel<T> of(Type type) {
        return Implementations.model(type);
    }

    /**
     * The Java type values are parsed into.
     *
     * @return the type
     */
    Type type();

    /**
     * Parses and validates stored JSON.
     *
     * @param json the stored value
     * @return the value, never null
     * @throws InvalidValueException when the JSON is malformed, a JSON {@code null}, has a wrong type, lacks a
     *                               required field, or violates a constraint
     */
    T fromJson(String json);

    /**
     * Writes a value as the model's plain JSON, the format the Python package reads.
     *
     * @param value the value, not null
     * @return the JSON
     */
    String toJson(T value);

    /**
     * Checks a value against the model's Bean Validation constraints (each element, for collections and maps).
     *
     * @param value the value, not null
     * @throws InvalidValueException naming the first violated constraint
     */
    void validate(T value);
}
