package io.gatehouse.platform.sync;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A gateway's self-signed client certificate and its key as PEM files, made with the JDK's keytool the way an
 * operator would make one with openssl.
 */
record ClientCertificate(Path certificate, Path key, String pem, String fingerprint) {

    static ClientCertificate generate(Path directory, String commonName) throws IOException, GeneralSecurityException,
            InterruptedException {
        Files.createDirectories(directory);
        Path store = directory.resolve(commonName + ".p12");
        String password = "test-password";
        Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=" + commonName, "-validity", "30", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", password, "-keypass", password)).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, password.toCharArray());
        }
        X509Certificate certificate = (X509Certificate) keys.getCertificate("client");
        String pem = pem("CERTIFICATE", certificate.getEncoded());
        Path certificateFile = Files.writeString(directory.resolve(commonName + ".pem"), pem);
        Path keyFile = Files.writeString(directory.resolve(commonName + "-key.pem"),
                pem("PRIVATE KEY", keys.getKey("client", password.toCharArray()).getEncoded()));
        String fingerprint = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(certificate.getEncoded()));
        return new ClientCertificate(certificateFile, keyFile, pem, fingerprint);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
