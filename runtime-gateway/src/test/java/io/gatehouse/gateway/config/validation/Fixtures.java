package io.gatehouse.gateway.config.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test PEM files under src/test/resources/pem (generated with openssl for these tests only). */
final class Fixtures {

    private Fixtures() {
    }

    static String pem(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/pem/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /pem/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
