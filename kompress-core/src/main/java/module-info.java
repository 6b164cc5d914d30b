/**
 * Kompress Cache: a replica-routed, schema-validated Redis hash cache. Exports the API packages only; the
 * engine, topology, JSON and utility packages are internal, and the few the woven aspect needs are exported
 * to {@code io.kompress.aspect} alone.
 *
 * <p>Models are read and written reflectively (Gson, method handles, Hibernate Validator): a module that keeps
 * its models in a named module opens their package to {@code com.google.gson}, {@code io.kompress.cache} and
 * {@code org.hibernate.validator}.
 *
 * <p>{@code io.kompress.aspect} is an automatic module (its jar names itself in the manifest): ajc, which must
 * compile it, reads {@code aspect} as a keyword in a module declaration.
 */
module io.kompress.cache {
    requires transitive io.kompress.annotations;
    requires transitive jakarta.validation;
    // RedisCall, the escape hatch, hands out a Jedis client.
    requires transitive redis.clients.jedis;
    // Jedis' connection pool: Node stamps its pooled connections (StampedConnections).
    requires org.apache.commons.pool2;
    requires com.google.gson;
    requires com.github.benmanes.caffeine;
    requires org.hibernate.validator;
    requires org.slf4j;
    requires static micrometer.core;
    requires static org.jspecify;

    exports io.kompress.cache;
    exports io.kompress.cache.config;
    exports io.kompress.cache.errors;
    exports io.kompress.cache.observability;
    exports io.kompress.cache.micrometer;
    exports io.kompress.cache.internal.config to io.kompress.aspect;
    exports io.kompress.cache.internal.util to io.kompress.aspect;
    exports io.kompress.cache.internal.woven to io.kompress.aspect, io.kompress.spring;
}
