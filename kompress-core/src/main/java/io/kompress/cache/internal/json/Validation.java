package io.kompress.cache.internal.json;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Set;
import org.hibernate.validator.HibernateValidator;

/**
 * The one Bean Validation validator, built lazily on first use (building it takes a noticeable fraction of a
 * second) in fail-fast mode: the cache only needs to know whether a value is valid and the first reason why
 * not.
 */
public final class Validation {

    private Validation() {
    }

    /**
     * The shared validator; thread-safe.
     *
     * @return the validator
     */
    public static Validator validator() {
        return Holder.VALIDATOR;
    }

    /**
     * Validates a value.
     *
     * @param value the value, not null
     * @return the first violation as {@code path: message}, or {@code null} when valid
     */
    public static String firstViolation(Object value) {
        Set<ConstraintViolation<Object>> violations = Holder.VALIDATOR.validate(value);
        if (violations.isEmpty()) {
            return null;
        }
        ConstraintViolation<Object> v = violations.iterator().next();
        return v.getRootBeanClass().getSimpleName() + "." + v.getPropertyPath() + " " + v.getMessage();
    }

    /** Lazy holder: the factory is built on first use only. */
    private static final class Holder {
        static final Validator VALIDATOR = jakarta.validation.Validation.byProvider(HibernateValidator.class)
            .configure()
            .failFast(true)
            .buildValidatorFactory()
            .getValidator();
    }
}
