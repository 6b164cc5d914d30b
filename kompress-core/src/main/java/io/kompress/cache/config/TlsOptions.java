package io.kompress.cache.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for every connection to Redis (primary and replicas): which certificate authorities to trust, an optional
 * client certificate for servers that require one ({@code tls-auth-clients yes}), and whether the server's
 * certificate must name the host connected to.
 *
 * <p>Built once: {@link Builder#build()} reads the files and creates the TLS context, so a missing file, a wrong
 * store password or an unreadable certificate fails at start-up, with the setting and path in the message and
 * never a password. Without a trust setting the JVM's default trust store is used. Hostname verification is on
 * by default; turning it off keeps the certificate-chain check but accepts any host name.
 */
public final class TlsOptions {

    private final String trustSource;
    private final boolean keyStore;
    private final boolean verifyHostname;
    private final SSLSocketFactory socketFactory;

    private TlsOptions(Builder b, SSLContext context) {
        this.trustSource = b.trustSource;
        this.keyStore = b.keyStore != null;
        this.verifyHostname = b.verifyHostname;
        this.socketFactory = context.getSocketFactory();
    }

    /**
     * Starts TLS options.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The socket factory every connection uses, made once from these options.
     *
     * @return the factory
     */
    public SSLSocketFactory socketFactory() {
        return socketFactory;
    }

    /**
     * TLS parameters for each connection: hostname verification (HTTPS endpoint identification) when enabled.
     *
     * @return new parameters
     */
    public SSLParameters parameters() {
        SSLParameters p = new SSLParameters();
        if (verifyHostname) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        return p;
    }

    /**
     * Whether the server's certificate must match the host name or address connected to.
     *
     * @return true unless turned off
     */
    public boolean verifyHostname() {
        return verifyHostname;
    }

    @Override
    public String toString() {
        return "TLS{trust=" + trustSource + ", clientCertificate=" + (keyStore ? "yes" : "no")
            + ", verifyHostname=" + verifyHostname + '}';
    }

    /** Collects TLS settings; {@link #build()} validates them all at once. Not thread-safe. */
    public static final class Builder {

        private Path caCertificates;
        private Path trustStore;
        private char[] trustStorePassword;
        private String trustStoreType = "PKCS12";
        private Path keyStore;
        private char[] keyStorePassword;
        private String keyStoreType = "PKCS12";
        private boolean verifyHostname = true;
        private String trustSource = "JVM default";

        private Builder() {
        }

        /**
         * Trusts the certificate authorities in a PEM file (as {@code redis-server --tls-ca-cert-file} takes).
         *
         * @param pemFile one or more PEM certificates
         * @return this builder
         */
        public Builder caCertificates(Path pemFile) {
            this.caCertificates = Objects.requireNonNull(pemFile, "caCertificates");
            return this;
        }

        /**
         * Trusts the certificates of a Java key store.
         *
         * @param file     the store
         * @param password its password, or null when it has none
         * @param type     {@code PKCS12} or {@code JKS}; null for PKCS12
         * @return this builder
         */
        public Builder trustStore(Path file, char[] password, String type) {
            this.trustStore = Objects.requireNonNull(file, "trustStore");
            this.trustStorePassword = password == null ? null : password.clone();
            this.trustStoreType = type == null ? "PKCS12" : type;
            return this;
        }

        /**
         * Presents the client certificate of a Java key store, for servers with {@code tls-auth-clients yes}.
         *
         * @param file     the store, holding one private key and its certificate chain
         * @param password its password (also the key's), or null when it has none
         * @param type     {@code PKCS12} or {@code JKS}; null for PKCS12
         * @return this builder
         */
        public Builder keyStore(Path file, char[] password, String type) {
            this.keyStore = Objects.requireNonNull(file, "keyStore");
            this.keyStorePassword = password == null ? null : password.clone();
            this.keyStoreType = type == null ? "PKCS12" : type;
            return this;
        }

        /**
         * Sets whether the server's certificate must name the host connected to (default true).
         *
         * @param verify false to check the chain only
         * @return this builder
         */
        public Builder verifyHostname(boolean verify) {
            this.verifyHostname = verify;
            return this;
        }

        /**
         * Reads the files and makes the TLS context.
         *
         * @return the options
         * @throws IllegalArgumentException naming the setting and file when one cannot be used
         */
        public TlsOptions build() {
            if (caCertificates != null && trustStore != null) {
                throw new IllegalArgumentException("TLS: give either CA certificates (" + caCertificates
                    + ") or a trust store (" + trustStore + "), not both");
            }
            try {
                TrustManagerFactory tmf = null;
                if (caCertificates != null || trustStore != null) {
                    tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                    tmf.init(caCertificates != null ? pemTrust(caCertificates)
                        : load("trust store", trustStore, trustStorePassword, trustStoreType));
                    trustSource = caCertificates != null ? "CA certificates " + caCertificates
                        : "trust store " + trustStore;
                }
                KeyManagerFactory kmf = null;
                if (keyStore != null) {
                    kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                    kmf.init(load("key store", keyStore, keyStorePassword, keyStoreType), keyStorePassword);
                }
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(),
                    null);
                return new TlsOptions(this, context);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("TLS: cannot set up the TLS context: " + e.getMessage(), e);
            }
        }

        private static KeyStore pemTrust(Path pem) throws GeneralSecurityException {
            Collection<? extends Certificate> certificates;
            try (InputStream in = Files.newInputStream(pem)) {
                certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("TLS: cannot read CA certificates " + pem + ": " + e, e);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("TLS: " + pem + " holds no readable PEM certificate: "
                    + e.getMessage(), e);
            }
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("TLS: " + pem + " holds no PEM certificate");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try {
                store.load(null, null);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            int i = 0;
            for (Certificate c : certificates) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            return store;
        }

        private static KeyStore load(String what, Path file, char[] password, String type)
            throws GeneralSecurityException {
            KeyStore store;
            try {
                store = KeyStore.getInstance(type.toUpperCase(Locale.ROOT));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("TLS: unknown " + what + " type '" + type
                    + "'; expected PKCS12 or JKS", e);
            }
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, password);
            } catch (IOException e) {
                // A wrong password surfaces as an IOException whose cause is UnrecoverableKeyException.
                throw new IllegalArgumentException("TLS: cannot open " + what + " " + file + " as " + type
                    + " (missing file, wrong type or wrong password): " + e, e);
            }
            return store;
        }
    }
}
