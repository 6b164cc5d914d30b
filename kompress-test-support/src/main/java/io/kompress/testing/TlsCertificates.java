package io.kompress.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away certificate authority and certificates made with the {@code openssl} command for TLS tests:
 * a server certificate for {@code 127.0.0.1}/{@code localhost}, one for another host name (to prove hostname
 * verification), and a client certificate with its PKCS12 key store (for {@code tls-auth-clients yes}).
 * Everything lives in a temporary directory that {@link #close()} deletes.
 */
public final class TlsCertificates implements AutoCloseable {

    /** Password of {@link #clientKeyStore()}. */
    public static final String CLIENT_STORE_PASSWORD = "kompress-test-store";

    private final Path dir;

    private TlsCertificates(Path dir) {
        this.dir = dir;
    }

    /**
     * Makes the certificates; takes about a second.
     *
     * @return the certificates
     * @throws IllegalStateException when {@code openssl} is missing or fails
     */
    public static TlsCertificates create() {
        Path dir;
        try {
            dir = Files.createTempDirectory("kompress-tls");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TlsCertificates c = new TlsCertificates(dir);
        c.openssl("req", "-x509", "-new", "-nodes", "-newkey", "rsa:2048", "-days", "2", "-subj",
            "/CN=Kompress Test CA", "-keyout", "ca.key", "-out", "ca.crt");
        c.sign("server", "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        c.sign("elsewhere", "/CN=elsewhere.invalid", "subjectAltName=DNS:elsewhere.invalid");
        c.sign("client", "/CN=kompress-client", "extendedKeyUsage=clientAuth");
        c.openssl("pkcs12", "-export", "-in", "client.crt", "-inkey", "client.key", "-out", "client.p12",
            "-passout", "pass:" + CLIENT_STORE_PASSWORD);
        return c;
    }

    /**
     * {@code redis-server} arguments for a TLS port serving the given certificate.
     *
     * @param tlsPort     the TLS port
     * @param certificate {@code server} (127.0.0.1) or {@code elsewhere} (another host name)
     * @param authClients {@code no}, {@code optional} or {@code yes}
     * @return the arguments
     */
    public List<String> serverArgs(int tlsPort, String certificate, String authClients) {
        return List.of("--tls-port", String.valueOf(tlsPort),
            "--tls-cert-file", dir.resolve(certificate + ".crt").toString(),
            "--tls-key-file", dir.resolve(certificate + ".key").toString(),
            "--tls-ca-cert-file", caCertificate().toString(),
            "--tls-auth-clients", authClients);
    }

    /**
     * The CA certificate, PEM.
     *
     * @return its path
     */
    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    /**
     * The client certificate and key as a PKCS12 store protected by {@link #CLIENT_STORE_PASSWORD}.
     *
     * @return its path
     */
    public Path clientKeyStore() {
        return dir.resolve("client.p12");
    }

    private void sign(String name, String subject, String extension) {
        openssl("req", "-new", "-nodes", "-newkey", "rsa:2048", "-subj", subject, "-keyout", name + ".key",
            "-out", name + ".csr");
        try {
            Files.writeString(dir.resolve(name + ".ext"), extension + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-days", "2", "-out", name + ".crt", "-extfile", name + ".ext");
    }

    private void openssl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Commands.run(dir, cmd, "Debian: apt-get install openssl");
    }

    /** Deletes the directory. */
    @Override
    public void close() {
        Commands.deleteTree(dir);
    }
}
