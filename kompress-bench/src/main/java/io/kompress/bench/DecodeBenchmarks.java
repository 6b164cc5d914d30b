package io.kompress.bench;

import com.google.gson.Gson;
import io.kompress.cache.CacheModel;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The CPU side of a hit without Redis: parse and validate one cached user. Isolates what Kompress adds to
 * the baseline's Gson + Hibernate Validator (strict types, required fields), as profile evidence for the
 * hit-path work; not part of the report's comparison.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecodeBenchmarks {

    /** One cached value and the two decoders. */
    @State(Scope.Benchmark)
    @SuppressWarnings("checkstyle:VisibilityModifier") // JMH state
    public static class Json {
        final String json = new Gson().toJson(User.sample(4242));
        final Gson gson = new Gson();
        final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
        final CacheModel<User> model = CacheModel.of(User.class);
    }

    /**
     * Gson + Hibernate Validator, as the hand-written baseline does.
     *
     * @param s the state
     * @return the user
     */
    @Benchmark
    public User baselineDecode(Json s) {
        return Contenders.validated(s.validator, s.gson.fromJson(s.json, User.class));
    }

    /**
     * {@code CacheModel.fromJson}: strict parse, required-field check, validation.
     *
     * @param s the state
     * @return the user
     */
    @Benchmark
    public User kompressDecode(Json s) {
        return s.model.fromJson(s.json);
    }
}
