package io.kompress.cache.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.errors.InvalidValueException;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A JSON text that passed a model's validation is not validated again, but only for models whose constraints
 * depend on the value alone; each read still parses a fresh object, and invalid texts are never remembered.
 */
class ValidatedJsonTest {

    record Address(@NotBlank String city) {
    }

    record User(@NotBlank String name, @Email String email, @Valid Address address,
                List<@Valid Address> previous) {
    }

    record Chain(@Size(max = 5) String label, @Valid Chain next) {
    }

    record Booking(@Future Instant at) {
    }

    /** Shape of any: the runtime class decides which constraints apply. */
    interface Shape {
    }

    record Drawing(@Valid Shape shape) {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = EvenValidator.class)
    @interface Even {
        String message() default "must be even";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** A custom validator that counts its calls: anything it reads could change, so it must run every time. */
    public static final class EvenValidator implements ConstraintValidator<Even, Integer> {
        static final AtomicInteger CALLS = new AtomicInteger();

        @Override
        public boolean isValid(Integer value, ConstraintValidatorContext context) {
            CALLS.incrementAndGet();
            return value == null || value % 2 == 0;
        }
    }

    record Counter(@Even Integer n) {
    }

    @Test
    void modelsWithValueOnlyConstraintsRememberValidTexts() {
        assertTrue(JsonModel.of(User.class).memoizesValidation());
        assertTrue(JsonModel.of(Chain.class).memoizesValidation(), "a cascade cycle is followed once");
    }

    @Test
    void clockCustomAndOpenCascadesAreValidatedOnEveryRead() {
        assertFalse(JsonModel.of(Booking.class).memoizesValidation(), "@Future reads the clock");
        assertFalse(JsonModel.of(Drawing.class).memoizesValidation(), "the runtime class decides");
        assertFalse(JsonModel.of(Counter.class).memoizesValidation(), "a custom validator may read anything");
        JsonModel<Counter> counter = JsonModel.of(Counter.class);
        int before = EvenValidator.CALLS.get();
        counter.fromJson("{\"n\":2}");
        counter.fromJson("{\"n\":2}");
        assertEquals(before + 2, EvenValidator.CALLS.get());
    }

    @Test
    void aRememberedTextStillParsesAFreshObjectAndInvalidTextsAreNeverRemembered() {
        JsonModel<User> model = JsonModel.of(User.class);
        String json = "{\"name\":\"Ann\",\"email\":\"ann@example.com\",\"address\":{\"city\":\"Oslo\"},"
            + "\"previous\":[{\"city\":\"Bergen\"}]}";
        long before = ValidatedJson.size();
        User first = model.fromJson(json);
        User second = model.fromJson(json);
        assertEquals(first, second);
        assertNotSame(first, second, "callers never share an instance");
        assertEquals(before + 1, ValidatedJson.size(), "validated once, remembered once");

        String invalid = json.replace("\"Bergen\"", "\"\"");
        for (int i = 0; i < 2; i++) {
            assertThrows(InvalidValueException.class, () -> model.fromJson(invalid), "a container element");
        }
        assertEquals(before + 1, ValidatedJson.size(), "an invalid text is not remembered");
    }
}
