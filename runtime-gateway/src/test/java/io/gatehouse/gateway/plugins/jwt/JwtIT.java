package io.gatehouse.gateway.plugins.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.config.ConsumerDefinition;
import io.gatehouse.gateway.config.EntityRef;
import io.gatehouse.gateway.config.JwtCredential;
import io.gatehouse.gateway.config.PluginDefinition;
import io.gatehouse.gateway.plugins.Consumers;
import io.gatehouse.gateway.plugins.PluginChain;
import io.gatehouse.gateway.plugins.PluginFactory;
import io.gatehouse.gateway.plugins.ratelimit.LocalCounters;
import io.gatehouse.gateway.router.Route;
import io.gatehouse.gateway.status.GatewayMetrics;
import io.gatehouse.gateway.testing.TestClient;
import io.gatehouse.gateway.testing.TestGateway;
import io.gatehouse.gateway.testing.TestUpstream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** jwt through real sockets with HS256, RS256 and ES256 tokens and a fixed clock for exp/nbf. */
@Timeout(60)
class JwtIT {

    private static final long NOW = 1_800_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private static KeyPair rsa;
    private static KeyPair ec;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        rsa = rsaGenerator.generateKeyPair();
        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        ec = ecGenerator.generateKeyPair();
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private TestGateway gateway(TestUpstream upstream, Map<String, Object> config) {
        Consumers consumers = Consumers.of(List.of(new ConsumerDefinition("c-1", "alice", null, List.of(), List.of())),
                List.of(), List.of(), List.of(
                        new JwtCredential("j-hs", "hs-issuer", "HS256", "s3cr3t-s3cr3t", null, List.of(), EntityRef.ofName("alice")),
                        new JwtCredential("j-rs", "rs-issuer", "RS256", null, pem(rsa), List.of(), EntityRef.ofName("alice")),
                        new JwtCredential("j-es", "es-issuer", "ES256", null, pem(ec), List.of(), EntityRef.ofName("alice"))),
                List.of());
        PluginFactory factory = new PluginFactory(consumers, CLOCK, new GatewayMetrics(), new LocalCounters(CLOCK),
                c -> null, "node");
        return new TestGateway(new TestGateway.Snapshot().route(Route.ofPaths("r", "s", "/")).service("s", upstream.port())
                .plugins("r", new PluginChain(List.of(factory.create(PluginDefinition.global("jwt", config))))).build());
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String hs256(String claims, String secret) throws Exception {
        String input = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64(claims);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes()));
    }

    static String signed(String alg, String javaAlg, PrivateKey key, String claims) throws Exception {
        String input = b64("{\"alg\":\"" + alg + "\"}") + "." + b64(claims);
        Signature signer = Signature.getInstance(javaAlg);
        signer.initSign(key);
        signer.update(input.getBytes(StandardCharsets.US_ASCII));
        byte[] signature = signer.sign();
        if (alg.equals("ES256")) {
            signature = rawOf(signature);
        }
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    /** DER ECDSA signature → JWS R||S. */
    private static byte[] rawOf(byte[] der) {
        byte[] out = new byte[64];
        int offset = 3;
        int rLength = der[offset];
        copy(der, offset + 1, rLength, out, 0);
        offset = offset + 1 + rLength + 1;
        int sLength = der[offset];
        copy(der, offset + 1, sLength, out, 32);
        return out;
    }

    private static void copy(byte[] der, int from, int length, byte[] out, int at) {
        if (length > 32) {
            from += length - 32;
            length = 32;
        }
        System.arraycopy(der, from, out, at + 32 - length, length);
    }

    @Test
    void acceptsValidTokensOfEveryAlgorithmAndCopiesClaims() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); TestGateway gateway = gateway(upstream,
                Map.of("claims_to_verify", List.of("exp"), "claims_to_headers", List.of("sub:X-User")))) {
            String claims = "{\"iss\":\"%s\",\"sub\":\"user-7\",\"exp\":" + (NOW + 60) + "}";
            for (String token : List.of(hs256(claims.formatted("hs-issuer"), "s3cr3t-s3cr3t"),
                    signed("RS256", "SHA256withRSA", rsa.getPrivate(), claims.formatted("rs-issuer")),
                    signed("ES256", "SHA256withECDSA", ec.getPrivate(), claims.formatted("es-issuer")))) {
                TestClient.Response response = gateway.client.get("/x", Map.of("Authorization", "Bearer " + token));
                assertThat(response.status()).as(token).isEqualTo(200);
                assertThat(upstream.last().headers().get("X-Consumer-Username")).isEqualTo("alice");
                assertThat(upstream.last().headers().get("X-User")).isEqualTo("user-7");
            }
            String viaQuery = hs256(claims.formatted("hs-issuer"), "s3cr3t-s3cr3t");
            assertThat(gateway.client.get("/x?jwt=" + viaQuery).status()).isEqualTo(200);
        }
    }

    @Test
    void rejectsBadSignaturesExpiredAndNotYetValidTokens() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); TestGateway gateway = gateway(upstream,
                Map.of("claims_to_verify", List.of("exp", "nbf")))) {
            String valid = "{\"iss\":\"hs-issuer\",\"exp\":" + (NOW + 60) + ",\"nbf\":" + (NOW - 60) + "}";
            assertThat(gateway.client.get("/x", Map.of("Authorization", "Bearer " + hs256(valid, "s3cr3t-s3cr3t")))
                    .status()).isEqualTo(200);

            TestClient.Response forged = gateway.client.get("/x", Map.of("Authorization",
                    "Bearer " + hs256(valid, "wrong-secret")));
            assertThat(forged.status()).isEqualTo(401);
            assertThat(forged.body()).contains("Invalid signature");

            TestClient.Response expired = gateway.client.get("/x", Map.of("Authorization", "Bearer "
                    + hs256("{\"iss\":\"hs-issuer\",\"exp\":" + (NOW - 1) + ",\"nbf\":0}", "s3cr3t-s3cr3t")));
            assertThat(expired.status()).isEqualTo(401);
            assertThat(expired.body()).contains("token expired");

            TestClient.Response early = gateway.client.get("/x", Map.of("Authorization", "Bearer "
                    + hs256("{\"iss\":\"hs-issuer\",\"exp\":" + (NOW + 99) + ",\"nbf\":" + (NOW + 30) + "}", "s3cr3t-s3cr3t")));
            assertThat(early.status()).isEqualTo(401);
            assertThat(early.body()).contains("token not valid yet");

            assertThat(gateway.client.get("/x", Map.of("Authorization", "Bearer "
                    + hs256("{\"iss\":\"nobody\"}", "x"))).body()).contains("No credentials found for given 'iss'");
            assertThat(gateway.client.get("/x", Map.of("Authorization", "Bearer not.a.jwt")).status()).isEqualTo(401);
            assertThat(gateway.client.get("/x").status()).isEqualTo(401);
            assertThat(upstream.received()).hasSize(1);
        }
    }
}
