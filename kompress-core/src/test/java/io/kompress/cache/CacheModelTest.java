package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.annotations.SerializedName;
import com.google.gson.reflect.TypeToken;
import io.kompress.annotations.OptionalField;
import io.kompress.cache.errors.InvalidValueException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CacheModelTest {

    record User(long id, @NotBlank String name, @Email String email, @Min(0) int age) {
    }

    record UserV2(long id, String name, String email, int age, String country) {
    }

    record UserV2Optional(long id, String name, String email, int age, @OptionalField String country) {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @interface Nullable {
    }

    record UserV2Nullable(long id, String name, String email, int age, @Nullable String country) {
    }

    /** A mutable class with a no-argument constructor, the classic POJO. */
    static final class Account {
        private String owner;
        @Min(1)
        private int tier = 1;
        @OptionalField
        private String note = "none";

        Account() {
        }
    }

    static final class NoDefaultConstructor {
        private final String x;

        NoDefaultConstructor(String x) {
            this.x = x;
        }

        String x() {
            return x;
        }
    }

    /** Generic: read through the tree path. */
    record Box<T>(T value, String label) {
    }

    /** A final field in a class: read through the tree path too. */
    static final class Frozen {
        private final String name = "initial";
        private int size;

        Frozen() {
        }
    }

    /** Its compact constructor rejects values a JSON schema cannot express. */
    record Range(int from, int to) {
        Range {
            if (from > to) {
                throw new IllegalArgumentException("from > to");
            }
        }
    }

    enum Role {
        @SerializedName("admin") ADMIN,
        @SerializedName("user") USER
    }

    record Team(@NotBlank String name, @Valid List<User> members, Role role) {
    }

    private static final String ALICE = "{\"id\":1,\"name\":\"Alice\",\"email\":\"alice@example.com\",\"age\":30}";

    private final CacheModel<User> users = CacheModel.of(User.class);

    @Test
    void validJsonParsesIntoTheRecord() {
        assertEquals(new User(1, "Alice", "alice@example.com", 30), users.fromJson(ALICE));
    }

    @Test
    void unknownExtraFieldsAreIgnored() {
        User u = users.fromJson(ALICE.replace("}", ",\"legacy\":{\"x\":[1,2]}}"));
        assertEquals("Alice", u.name());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "{\"id\":1,\"name\":\"Alice\"",
        "",
        "null",
        "42",
        "[]",
        "\"Alice\"",
        "{\"id\":1,\"name\":\"Alice\",\"email\":\"alice@example.com\",\"age\":\"30\"}",
        "{\"id\":1,\"name\":7,\"email\":\"alice@example.com\",\"age\":30}",
        "{\"id\":1.5,\"name\":\"Alice\",\"email\":\"alice@example.com\",\"age\":30}",
        "{\"id\":1,\"name\":\"Alice\",\"email\":\"alice@example.com\",\"age\":null}",
        "{\"id\":1,\"name\":\"Alice\",\"email\":\"alice@example.com\"}",
        "{\"id\":1,\"name\":\"\",\"email\":\"alice@example.com\",\"age\":30}",
        "{\"id\":1,\"name\":\"Alice\",\"email\":\"not-an-email\",\"age\":30}",
        "{\"id\":1,\"name\":\"Alice\",\"email\":\"alice@example.com\",\"age\":-1}",
        "{\"id\":1,\"name\":\"Alice\",\"email\":\"alice@example.com\",\"age\":30} trailing",
        "{\"id\":1,\"name\":\"Alice\",\"email\":\"alice@example.com\",\"age\":30,}",
    })
    void invalidValuesAreRejected(String json) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> users.fromJson(json));
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void rejectionMessageNamesTheProblemButNotTheValue() {
        InvalidValueException missing = assertThrows(InvalidValueException.class,
            () -> users.fromJson("{\"id\":1,\"name\":\"Alice\",\"email\":\"alice@example.com\"}"));
        assertTrue(missing.getMessage().contains("missing required field 'age'"), missing.getMessage());
        InvalidValueException wrongType = assertThrows(InvalidValueException.class,
            () -> users.fromJson("{\"id\":1,\"name\":\"Alice\",\"email\":\"alice@example.com\",\"age\":1.5}"));
        assertFalse(wrongType.getMessage().contains("1.5"), wrongType.getMessage());
        InvalidValueException constraint = assertThrows(InvalidValueException.class,
            () -> users.fromJson("{\"id\":1,\"name\":\"Alice\",\"email\":\"secret@@x\",\"age\":3}"));
        assertTrue(constraint.getMessage().contains("email"), constraint.getMessage());
        assertFalse(constraint.getMessage().contains("secret@@x"), constraint.getMessage());
    }

    @Test
    void addingARequiredFieldInvalidatesEntriesWrittenBeforeTheChange() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
            () -> CacheModel.of(UserV2.class).fromJson(ALICE));
        assertTrue(e.getMessage().contains("country"), e.getMessage());
    }

    @Test
    void addingAnOptionalFieldKeepsOldEntriesValid() {
        assertNull(CacheModel.of(UserV2Optional.class).fromJson(ALICE).country());
        assertNull(CacheModel.of(UserV2Nullable.class).fromJson(ALICE).country());
    }

    @Test
    void classesWithANoArgConstructorKeepInitialisersForAbsentOptionalFields() {
        Account a = CacheModel.of(Account.class).fromJson("{\"owner\":\"bob\",\"tier\":2}");
        assertEquals("bob", a.owner);
        assertEquals(2, a.tier);
        assertEquals("none", a.note);
        assertThrows(InvalidValueException.class, () -> CacheModel.of(Account.class).fromJson("{\"owner\":\"b\"}"));
        assertThrows(InvalidValueException.class,
            () -> CacheModel.of(Account.class).fromJson("{\"owner\":\"b\",\"tier\":0}"));
    }

    @Test
    void nestedModelsAndListsAreCheckedToo() {
        CacheModel<Team> teams = CacheModel.of(Team.class);
        String ok = "{\"name\":\"core\",\"role\":\"admin\",\"members\":[" + ALICE + "]}";
        Team t = teams.fromJson(ok);
        assertEquals(Role.ADMIN, t.role());
        assertEquals("Alice", t.members().get(0).name());
        assertThrows(InvalidValueException.class, () -> teams.fromJson(ok.replace("\"age\":30", "\"age\":-5")));
        assertThrows(InvalidValueException.class, () -> teams.fromJson(ok.replace(",\"age\":30", "")));
        assertThrows(InvalidValueException.class, () -> teams.fromJson(ok.replace("admin", "root")));
    }

    @Test
    void genericListModelsValidateEachElement() {
        CacheModel<List<User>> list = CacheModel.of(new TypeToken<List<User>>() { }.getType());
        List<User> parsed = list.fromJson("[" + ALICE + "]");
        assertEquals(User.class, parsed.get(0).getClass());
        assertThrows(InvalidValueException.class,
            () -> list.fromJson("[" + ALICE.replace("alice@example.com", "nope") + "]"));
    }

    @Test
    void genericModelsStillRequireEveryField() {
        CacheModel<Box<User>> boxes = CacheModel.of(new TypeToken<Box<User>>() { }.getType());
        Box<User> box = boxes.fromJson("{\"value\":" + ALICE + ",\"label\":\"x\"}");
        assertEquals("Alice", box.value().name());
        assertThrows(InvalidValueException.class, () -> boxes.fromJson("{\"value\":" + ALICE + "}"));
        assertThrows(InvalidValueException.class,
            () -> boxes.fromJson("{\"value\":{\"id\":1},\"label\":\"x\"}"));
    }

    @Test
    void classesWithFinalFieldsStillRequireEveryField() {
        CacheModel<Frozen> frozen = CacheModel.of(Frozen.class);
        assertEquals(3, frozen.fromJson("{\"name\":\"n\",\"size\":3}").size);
        assertThrows(InvalidValueException.class, () -> frozen.fromJson("{\"size\":3}"));
    }

    @Test
    void recordConstructorRejectionMakesTheValueInvalid() {
        CacheModel<Range> ranges = CacheModel.of(Range.class);
        assertEquals(new Range(1, 2), ranges.fromJson("{\"from\":1,\"to\":2}"));
        InvalidValueException e = assertThrows(InvalidValueException.class,
            () -> ranges.fromJson("{\"from\":5,\"to\":2}"));
        assertTrue(e.getMessage().contains("Range"), e.getMessage());
    }

    @Test
    void deeplyNestedJsonIsRejectedNotACrash() {
        String deep = "[".repeat(100_000);
        assertThrows(InvalidValueException.class, () -> users.fromJson(deep));
        CacheModel<List<Object>> any = CacheModel.of(new TypeToken<List<Object>>() { }.getType());
        assertThrows(InvalidValueException.class, () -> any.fromJson(deep));
    }

    @Test
    void toJsonWritesPlainModelJsonThatReadsBack() {
        User u = new User(7, "Zoë <admin>", null, 41);
        String json = users.toJson(u);
        assertEquals("{\"id\":7,\"name\":\"Zoë <admin>\",\"email\":null,\"age\":41}", json);
        assertEquals(u, users.fromJson(json));
    }

    @Test
    void validateReportsTheFirstViolation() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
            () -> users.validate(new User(1, " ", "a@b.c", 1)));
        assertTrue(e.getMessage().contains("name"), e.getMessage());
    }

    @Test
    void modelsAreBuiltOncePerType() {
        assertSame(CacheModel.of(User.class), CacheModel.of(User.class));
        assertSame(CacheModel.of(new TypeToken<List<User>>() { }.getType()),
            CacheModel.of(new TypeToken<List<User>>() { }.getType()));
    }

    @Test
    void modelWithoutAUsableConstructorIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> CacheModel.of(NoDefaultConstructor.class));
        assertTrue(e.getMessage().contains("NoDefaultConstructor"), e.getMessage());
        assertTrue(e.getMessage().contains("no-argument constructor"), e.getMessage());
    }
}
