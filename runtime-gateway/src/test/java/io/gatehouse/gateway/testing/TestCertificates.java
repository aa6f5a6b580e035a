package io.gatehouse.gateway.testing;

import io.gatehouse.gateway.config.CertificateDefinition;
import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Self-signed certificates for TLS tests, made by the JDK's keytool. */
public final class TestCertificates {

    private TestCertificates() {
    }

    /** A self-signed EC certificate for {@code CN=cn}, as a config certificate with id {@code cn} and {@code snis}. */
    public static CertificateDefinition generate(Path dir, String cn, List<String> snis) throws Exception {
        Path store = dir.resolve(cn + "-" + System.nanoTime() + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "k", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + cn,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + new String(keytool.getInputStream().readAllBytes()));
        }
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(store.toFile())) {
            keyStore.load(in, "changeit".toCharArray());
        }
        String cert = pem("CERTIFICATE", keyStore.getCertificate("k").getEncoded());
        String key = pem("PRIVATE KEY", keyStore.getKey("k", "changeit".toCharArray()).getEncoded());
        return new CertificateDefinition(cn, cert, key, snis, List.of());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
