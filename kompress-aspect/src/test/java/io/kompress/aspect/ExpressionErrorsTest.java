package io.kompress.aspect;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.KompressCache;
import io.kompress.cache.config.KompressConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad expressions fail with a message naming the method and the expression, before Redis is touched (the
 * default cache here points at a port where nothing listens, which would fail differently).
 */
class ExpressionErrorsTest {

    private static KompressCache unused;
    private final UserService service = new UserService();

    @BeforeAll
    static void start() {
        unused = KompressCache.create(KompressConfig.builder().primary("127.0.0.1", 1).build());
        KompressCache.setDefault(unused);
    }

    @AfterAll
    static void stop() {
        KompressCache.setDefault(null);
        unused.close();
    }

    @Test
    void unknownParameterNamesMethodAndExpression() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> service.badParameter(1));
        assertTrue(e.getMessage().contains("UserService.badParameter(long)"), e.getMessage());
        assertTrue(e.getMessage().contains("'#nope'"), e.getMessage());
        assertTrue(e.getMessage().contains("[id]"), e.getMessage());
    }

    @Test
    void missingPropertyNamesTheTypeAndProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> service.badProperty(new Tenant("t", null)));
        assertTrue(e.getMessage().contains("UserService.badProperty(Tenant)"), e.getMessage());
        assertTrue(e.getMessage().contains("has no property 'missing'"), e.getMessage());
    }

    @Test
    void nullFieldValueIsAClearErrorNotTheTextNull() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> service.byName(null));
        assertTrue(e.getMessage().contains("evaluated #name to null"), e.getMessage());
    }

    @Test
    void nullInsideAPropertyChainNamesTheStep() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> service.inTenant(new Tenant("t", null), 1));
        assertTrue(e.getMessage().contains("cannot read 'name' of #tenant.region, which is null"), e.getMessage());
    }
}
