package io.kompress.cache.internal.json;

import jakarta.validation.constraints.AssertFalse;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Negative;
import jakarta.validation.constraints.NegativeOrZero;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Null;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.validation.metadata.BeanDescriptor;
import jakarta.validation.metadata.CascadableDescriptor;
import jakarta.validation.metadata.ConstraintDescriptor;
import jakarta.validation.metadata.ContainerDescriptor;
import jakarta.validation.metadata.ContainerElementTypeDescriptor;
import jakarta.validation.metadata.ElementDescriptor;
import jakarta.validation.metadata.PropertyDescriptor;
import java.lang.annotation.Annotation;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;
import org.hibernate.validator.constraints.CodePointLength;
import org.hibernate.validator.constraints.Length;
import org.hibernate.validator.constraints.Range;
import org.hibernate.validator.constraints.URL;
import org.hibernate.validator.constraints.UUID;
import org.hibernate.validator.constraints.UniqueElements;

/**
 * Whether a model class's Bean Validation outcome depends on the value alone. True when every constraint on the
 * class, its properties, their container elements and every cascaded ({@code @Valid}) type is one of the built-in
 * constraints that look only at the value ({@code @NotNull}, {@code @Size}, {@code @Email}, {@code @Pattern},
 * {@code @Min}, …). {@code @Future}/{@code @Past} (they read the clock), custom constraints (they may read
 * anything) and cascades into an interface or abstract type (the runtime class decides) make it false.
 *
 * <p>For such a class, a JSON text that parsed and validated once is valid every time ({@link ValidatedJson}
 * skips validating it again); for any other class every read is validated.
 */
final class PureConstraints {

    private static final Set<Class<? extends Annotation>> PURE = Set.of(
        AssertFalse.class, AssertTrue.class, DecimalMax.class, DecimalMin.class, Digits.class, Email.class,
        Max.class, Min.class, Negative.class, NegativeOrZero.class, NotBlank.class, NotEmpty.class, NotNull.class,
        Null.class, Pattern.class, Positive.class, PositiveOrZero.class, Size.class,
        CodePointLength.class, Length.class, Range.class, URL.class, UUID.class, UniqueElements.class);

    private PureConstraints() {
    }

    /** Whether validating an instance of {@code type} depends on the instance only. */
    static boolean of(Class<?> type) {
        return bean(type, new HashSet<>());
    }

    private static boolean bean(Class<?> type, Set<Class<?>> visiting) {
        if (!visiting.add(type)) {
            return true; // a cycle: its constraints are being checked further up
        }
        if (type.isInterface() || (Modifier.isAbstract(type.getModifiers()) && !type.isPrimitive()
            && !type.isArray())) {
            return false;
        }
        BeanDescriptor bean = Validation.validator().getConstraintsForClass(type);
        if (!constraints(bean)) {
            return false;
        }
        for (PropertyDescriptor p : bean.getConstrainedProperties()) {
            if (!element(p, visiting)) {
                return false;
            }
        }
        return true;
    }

    /** A property or container element: its own constraints, its cascade, its nested container elements. */
    private static <D extends ElementDescriptor & CascadableDescriptor & ContainerDescriptor> boolean element(
        D d, Set<Class<?>> visiting) {
        if (!constraints(d) || !cascade(d, d.getElementClass(), visiting)) {
            return false;
        }
        for (ContainerElementTypeDescriptor c : d.getConstrainedContainerElementTypes()) {
            if (!element(c, visiting)) {
                return false;
            }
        }
        return true;
    }

    private static boolean cascade(CascadableDescriptor d, Class<?> type, Set<Class<?>> visiting) {
        if (!d.isCascaded()) {
            return true;
        }
        if (type == Object.class || java.util.Collection.class.isAssignableFrom(type)
            || java.util.Map.class.isAssignableFrom(type) || java.util.Optional.class == type) {
            return false; // the elements' classes are not known here
        }
        return bean(type, visiting);
    }

    private static boolean constraints(ElementDescriptor element) {
        for (ConstraintDescriptor<?> c : element.getConstraintDescriptors()) {
            if (!pure(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean pure(ConstraintDescriptor<?> c) {
        if (!PURE.contains(c.getAnnotation().annotationType())) {
            return false;
        }
        for (ConstraintDescriptor<?> composing : c.getComposingConstraints()) {
            if (!pure(composing)) {
                return false;
            }
        }
        return true;
    }
}
