package io.kompress.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The JSON number an enum constant is stored as, for enums that mirror a Python {@code IntEnum} (or an
 * {@code Enum} with integer values), which Pydantic writes and reads as a JSON number: {@code {"priority": 2}}.
 *
 * <p>Without it an enum is stored by value as a JSON string (the constant's {@code @SerializedName}, or its
 * name), like a Python {@code str} enum. Annotate every constant of the enum or none: a partly numbered enum
 * is refused when its model is first used. A stored number that matches no constant, or a string where a number
 * is expected, makes the entry invalid, so it is reloaded.
 *
 * <pre>{@code
 * public enum Priority {
 *     @EnumNumber(1) LOW,
 *     @EnumNumber(2) HIGH
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface EnumNumber {

    /**
     * The number this constant is written and read as.
     *
     * @return the number
     */
    long value();
}
