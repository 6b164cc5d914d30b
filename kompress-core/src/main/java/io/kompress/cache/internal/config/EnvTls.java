package io.kompress.cache.internal.config;

import io.kompress.cache.config.TlsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code REDIS_SSL} and the {@code REDIS_SSL_*} variables into {@link TlsOptions}. A TLS setting without
 * {@code REDIS_SSL=true} is an error rather than ignored, and a password's value never appears in a message.
 */
final class EnvTls {

    static final String CA_CERTS = "REDIS_SSL_CA_CERTS";
    static final String TRUSTSTORE = "REDIS_SSL_TRUSTSTORE";
    static final String TRUSTSTORE_PASSWORD = "REDIS_SSL_TRUSTSTORE_PASSWORD";
    static final String TRUSTSTORE_TYPE = "REDIS_SSL_TRUSTSTORE_TYPE";
    static final String KEYSTORE = "REDIS_SSL_KEYSTORE";
    static final String KEYSTORE_PASSWORD = "REDIS_SSL_KEYSTORE_PASSWORD";
    static final String KEYSTORE_TYPE = "REDIS_SSL_KEYSTORE_TYPE";
    static final String VERIFY_HOSTNAME = "REDIS_SSL_VERIFY_HOSTNAME";
    static final Set<String> VARIABLES = Set.of(CA_CERTS, TRUSTSTORE, TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE,
        KEYSTORE, KEYSTORE_PASSWORD, KEYSTORE_TYPE, VERIFY_HOSTNAME);

    private EnvTls() {
    }

    /** The TLS options, or null when {@code REDIS_SSL} is unset or false. */
    static TlsOptions parse(Map<String, String> env) {
        String ssl = env.get(EnvConfig.SSL);
        boolean enabled = ssl != null && parseBoolean(EnvConfig.SSL, ssl);
        if (!enabled) {
            for (String name : VARIABLES) {
                if (env.containsKey(name)) {
                    throw new IllegalArgumentException(name + " is set but " + EnvConfig.SSL + " is "
                        + (ssl == null ? "not set" : "'" + ssl + "'") + "; set " + EnvConfig.SSL
                        + "=true to use TLS, or unset " + name);
                }
            }
            return null;
        }
        TlsOptions.Builder b = TlsOptions.builder();
        String ca = env.get(CA_CERTS);
        String trust = env.get(TRUSTSTORE);
        if (ca != null && trust != null) {
            throw EnvConfig.invalid(CA_CERTS, ca, "set either " + CA_CERTS + " (PEM) or " + TRUSTSTORE
                + " (key store), not both");
        }
        if (ca != null) {
            b.caCertificates(readable(CA_CERTS, ca));
        }
        if (trust != null) {
            b.trustStore(readable(TRUSTSTORE, trust), secret(env, TRUSTSTORE_PASSWORD), type(env, TRUSTSTORE_TYPE));
        } else {
            requireAbsent(env, TRUSTSTORE, TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE);
        }
        String key = env.get(KEYSTORE);
        if (key != null) {
            b.keyStore(readable(KEYSTORE, key), secret(env, KEYSTORE_PASSWORD), type(env, KEYSTORE_TYPE));
        } else {
            requireAbsent(env, KEYSTORE, KEYSTORE_PASSWORD, KEYSTORE_TYPE);
        }
        String verify = env.get(VERIFY_HOSTNAME);
        if (verify != null) {
            b.verifyHostname(parseBoolean(VERIFY_HOSTNAME, verify));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid TLS settings (" + EnvConfig.SSL + "_*): " + e.getMessage(), e);
        }
    }

    /** {@code true}/{@code 1}/{@code yes} or {@code false}/{@code 0}/{@code no}, any case; else a clear error. */
    static boolean parseBoolean(String name, String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true":
            case "1":
            case "yes":
                return true;
            case "false":
            case "0":
            case "no":
                return false;
            default:
                throw EnvConfig.invalid(name, value, "expected true or false");
        }
    }

    private static Path readable(String name, String value) {
        Path p = Path.of(EnvConfig.requireNonBlank(name, value).trim());
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw EnvConfig.invalid(name, value, "no readable file there");
        }
        return p;
    }

    private static char[] secret(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null ? null : v.toCharArray();
    }

    private static String type(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null) {
            return null;
        }
        String t = v.trim().toUpperCase(Locale.ROOT);
        if (!t.equals("PKCS12") && !t.equals("JKS")) {
            throw EnvConfig.invalid(name, v, "expected PKCS12 or JKS");
        }
        return t;
    }

    private static void requireAbsent(Map<String, String> env, String store, String... dependents) {
        for (String d : dependents) {
            if (env.containsKey(d)) {
                throw new IllegalArgumentException(d + " is set but " + store + " is not; set " + store
                    + " or unset " + d);
            }
        }
    }
}
