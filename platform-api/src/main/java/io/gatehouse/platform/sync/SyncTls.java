package io.gatehouse.platform.sync;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

/**
 * The TLS identity of the sync listener. A configured PEM certificate and key win; otherwise a self-signed
 * EC certificate is generated once (with the JDK's keytool, valid ten years for localhost, 127.0.0.1 and the
 * configured host names) and kept in the TLS directory: {@code sync-tls.p12} (owner-only, with its password in
 * {@code sync-tls.password}) and {@code sync-cert.pem}, the certificate gateways pin.
 */
final class SyncTls {

    private static final Logger log = LoggerFactory.getLogger(SyncTls.class);
    static final String KEYSTORE = "sync-tls.p12";
    static final String PASSWORD = "sync-tls.password";
    /** The certificate gateways are given to trust. */
    static final String CERTIFICATE = "sync-cert.pem";
    private static final String ALIAS = "gatehouse-sync";

    private SyncTls() {
    }

    /** The server's TLS context, or {@code null} when TLS is disabled. */
    static SslContext serverContext(SyncProperties.Tls tls) {
        if (!tls.enabled()) {
            log.warn("Config sync TLS is disabled: gateway tokens and configs travel in clear text");
            return null;
        }
        try {
            if (tls.certificate() != null || tls.privateKey() != null) {
                if (tls.certificate() == null || tls.privateKey() == null) {
                    throw new IllegalStateException("gatehouse.sync.tls needs both certificate and private-key, or neither");
                }
                return withClientCertificates(SslContextBuilder.forServer(tls.certificate().toFile(), tls.privateKey().toFile()));
            }
            Path directory = tls.directory();
            if (!Files.exists(directory.resolve(KEYSTORE))) {
                generate(directory, tls.hostnames());
            }
            char[] password = Files.readString(directory.resolve(PASSWORD), StandardCharsets.US_ASCII).strip().toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(directory.resolve(KEYSTORE))) {
                store.load(in, password);
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            return withClientCertificates(SslContextBuilder.forServer(keys));
        } catch (IOException | GeneralSecurityException ex) {
            throw new IllegalStateException("cannot set up TLS for config sync: " + ex.getMessage(), ex);
        }
    }

    /**
     * Asks for a client certificate without requiring one (gateways with a token send none) and accepts any: a
     * client certificate is trusted by its fingerprint being pinned to a control plane ({@link GatewayCertificates}),
     * not by a chain, so there is no CA to configure. The TLS handshake still proves the gateway holds its key.
     */
    private static SslContext withClientCertificates(SslContextBuilder builder) throws javax.net.ssl.SSLException {
        return builder.clientAuth(ClientAuth.OPTIONAL).trustManager(InsecureTrustManagerFactory.INSTANCE).build();
    }

    private static void generate(Path directory, List<String> hostnames) throws IOException, GeneralSecurityException {
        Files.createDirectories(directory);
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        Path temporary = Files.createTempFile(directory, KEYSTORE, ".tmp");
        Files.delete(temporary);
        List<String> san = new ArrayList<>(List.of("dns:localhost", "ip:127.0.0.1"));
        hostnames.stream().filter(name -> !name.isBlank() && !"localhost".equals(name)).forEach(name -> san.add("dns:" + name));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=gatehouse-sync", "-ext", "SAN=" + String.join(",", san), "-validity", "3650",
                "-keystore", temporary.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool failed: " + output.strip());
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating the sync certificate", ex);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(temporary)) {
            store.load(in, password.toCharArray());
        }
        Certificate certificate = store.getCertificate(ALIAS);
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        Files.writeString(directory.resolve(CERTIFICATE), pem, StandardCharsets.US_ASCII);
        writeOwnerOnly(directory.resolve(PASSWORD), password);
        restrict(temporary);
        Files.move(temporary, directory.resolve(KEYSTORE), StandardCopyOption.ATOMIC_MOVE);
        log.info("Generated a self-signed certificate for config sync; gateways should trust {}",
                directory.resolve(CERTIFICATE).toAbsolutePath());
    }

    private static void writeOwnerOnly(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        restrict(file);
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ex) {
            log.debug("{} cannot be restricted to its owner on this file system", file);
        }
    }
}
