package io.kompress.cache.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.reflect.TypeToken;
import org.junit.jupiter.api.Test;

/**
 * Which reader a model gets: records and plain classes take the single-pass {@link StreamingModels} reader
 * (the hit path's parser); generic classes take the {@link RequiredFields} tree reader. Gson consults the
 * factories registered last first, so a change in registration order would silently switch the hit path to
 * the slower reader; this test notices.
 */
class JsonAdapterChoiceTest {

    record Plain(String a, int b) {
    }

    static final class Mutable {
        private String a;

        Mutable() {
        }
    }

    record Generic<T>(T value) {
    }

    private static String adapterOf(TypeToken<?> type) {
        return Json.gson().getAdapter(type).getClass().getName();
    }

    @Test
    void recordsAndPlainClassesAreReadInOneStreamingPass() {
        assertEquals(StreamingModels.class.getName() + "$Adapter", adapterOf(TypeToken.get(Plain.class)));
        assertEquals(StreamingModels.class.getName() + "$Adapter", adapterOf(TypeToken.get(Mutable.class)));
    }

    @Test
    void genericModelsFallBackToTheTreeReader() {
        assertEquals(RequiredFields.class.getName() + "$Adapter",
            adapterOf(new TypeToken<Generic<String>>() { }));
    }
}
