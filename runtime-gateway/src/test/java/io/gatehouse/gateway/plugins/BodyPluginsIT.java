package io.gatehouse.gateway.plugins;

import static io.gatehouse.gateway.plugins.PluginGateways.plugin;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.config.ConsumerDefinition;
import io.gatehouse.gateway.config.EntityRef;
import io.gatehouse.gateway.config.KeyAuthCredential;
import io.gatehouse.gateway.server.ServerLimits;
import io.gatehouse.gateway.testing.TestClient;
import io.gatehouse.gateway.testing.TestGateway;
import io.gatehouse.gateway.testing.TestUpstream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Plugins that read or rewrite bodies, through real sockets: key-auth's {@code key_in_body}, request-transformer's
 * body and method edits, response-transformer's JSON edits, and the buffering limit.
 */
@Timeout(30)
class BodyPluginsIT {

    private static final Consumers CONSUMERS = Consumers.of(
            List.of(new ConsumerDefinition("c-alice", "alice", null, List.of(), List.of())),
            List.of(new KeyAuthCredential("k1", "alice-key", null, List.of(), EntityRef.ofName("alice"))),
            List.of(), List.of(), List.of());

    @RegisterExtension
    final PluginGateways gateways = new PluginGateways(CONSUMERS);

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static final Map<String, String> FORM = Map.of("Content-Type", "application/x-www-form-urlencoded");

    @Test
    void keyAuthFindsTheKeyInFormJsonAndMultipartBodiesAndHidesIt() {
        try (TestGateway gateway = gateways.start(
                plugin("key-auth", Map.of("key_in_body", true, "hide_credentials", true)))) {
            assertThat(gateway.client.send("POST", "/f", FORM, "apikey=alice-key&keep=1").status()).isEqualTo(200);
            assertThat(gateways.upstream().last().body()).isEqualTo("keep=1");
            assertThat(gateways.upstream().last().headers().get("X-Consumer-Username")).isEqualTo("alice");
            assertThat(gateways.upstream().last().headers().get("Content-Length")).isEqualTo("6");

            assertThat(gateway.client.send("POST", "/j", JSON, "{\"apikey\":\"alice-key\",\"order\":7}").status())
                    .isEqualTo(200);
            assertThat(gateways.upstream().last().body()).isEqualTo("{\"order\":7}");

            String multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"apikey\"\r\n\r\nalice-key\r\n"
                    + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                    + "Content-Type: text/plain\r\n\r\nhello\r\n--XyZ--\r\n";
            assertThat(gateway.client.send("POST", "/m", Map.of("Content-Type", "multipart/form-data; boundary=XyZ"),
                    multipart).status()).isEqualTo(200);
            assertThat(gateways.upstream().last().body()).doesNotContain("alice-key").contains("name=\"file\"", "hello");

            assertThat(gateway.client.send("POST", "/f", FORM, "apikey=wrong").status()).isEqualTo(401);
            assertThat(gateway.client.send("POST", "/j", JSON, "{not json").status()).isEqualTo(401);
            assertThat(gateway.client.send("POST", "/t", Map.of("Content-Type", "text/plain"), "apikey=alice-key")
                    .status()).isEqualTo(401);
            assertThat(gateway.client.get("/h", Map.of("apikey", "alice-key")).status()).isEqualTo(200);
        }
    }

    @Test
    void aBodyLargerThanTheBufferingLimitIsA413AndNeverReachesTheUpstream() {
        try (TestGateway gateway = gateways.start(ServerLimits.defaults().withMaxBufferedBody(64),
                plugin("key-auth", Map.of("key_in_body", true)))) {
            TestClient.Response declared = gateway.client.send("POST", "/f", FORM, "apikey=alice-key&pad=" + "x".repeat(100));
            assertThat(declared.status()).isEqualTo(413);
            assertThat(declared.body()).contains("\"message\":\"Request size limit exceeded\"", "\"request_id\":");
            assertThat(gateways.upstream().received()).isEmpty();
            assertThat(gateway.client.send("POST", "/f", FORM, "apikey=alice-key").status()).isEqualTo(200);
        }
    }

    @Test
    void requestTransformerEditsJsonAndFormBodiesAndTheMethod() {
        try (TestGateway gateway = gateways.start(plugin("request-transformer", Map.of(
                "http_method", "PUT",
                "remove", Map.of("body", List.of("secret")),
                "rename", Map.of("body", List.of("old:new")),
                "replace", Map.of("body", List.of("mode:replaced", "absent:never")),
                "add", Map.of("body", List.of("added:yes", "mode:not-added")),
                "append", Map.of("body", List.of("tags:b")))))) {
            gateway.client.send("POST", "/j", JSON,
                    "{\"secret\":1,\"old\":\"o\",\"mode\":\"m\",\"tags\":\"a\",\"n\":{\"deep\":true}}");
            TestUpstream.Received json = gateways.upstream().last();
            assertThat(json.method()).isEqualTo("PUT");
            assertThat(json.body()).isEqualTo(
                    "{\"mode\":\"replaced\",\"tags\":[\"a\",\"b\"],\"n\":{\"deep\":true},\"new\":\"o\",\"added\":\"yes\"}");
            assertThat(json.headers().get("Content-Length")).isEqualTo(String.valueOf(json.body().length()));

            gateway.client.send("POST", "/f", FORM, "secret=1&old=o&mode=m&tags=a");
            assertThat(gateways.upstream().last().body()).isEqualTo("new=o&mode=replaced&tags=a&added=yes&tags=b");

            gateway.client.send("POST", "/e", JSON, "");
            assertThat(gateways.upstream().last().body())
                    .isEqualTo("{\"added\":\"yes\",\"mode\":\"not-added\",\"tags\":[\"b\"]}");
        }
    }

    @Test
    void requestTransformerLeavesBodiesItCannotReadAsTheyAre() {
        try (TestGateway gateway = gateways.start(plugin("request-transformer", Map.of(
                "add", Map.of("body", List.of("added:yes")))))) {
            TestClient.Response broken = gateway.client.send("POST", "/j", JSON, "{\"unterminated\":");
            assertThat(broken.status()).isEqualTo(200);
            assertThat(gateways.upstream().last().body()).isEqualTo("{\"unterminated\":");
            gateway.client.send("POST", "/j", JSON, "[1,2]");
            assertThat(gateways.upstream().last().body()).isEqualTo("[1,2]");
            gateway.client.send("POST", "/t", Map.of("Content-Type", "text/plain"), "just text");
            assertThat(gateways.upstream().last().body()).isEqualTo("just text");
            assertThat(gateways.upstream().last().method()).isEqualTo("POST");
        }
    }

    private static final String BOUNDARY = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

    private static Map<String, String> multipart(String boundary) {
        return Map.of("Content-Type", "multipart/form-data; boundary=" + boundary);
    }

    /** Every byte value, CR LF and dashes included, so a file part cannot pass as text by accident. */
    private static byte[] binaryFile() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int round = 0; round < 8; round++) {
            for (int b = 0; b < 256; b++) {
                out.write(b);
            }
            out.writeBytes("\r\n--\r\n\r\n--".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }

    private static byte[] form(String boundary, String preamble, Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(preamble.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        for (int i = 0; i < parts.length; i += 2) {
            out.writeBytes(("--" + boundary + "\r\n" + parts[i] + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.writeBytes(parts[i + 1] instanceof byte[] bytes ? bytes
                    : parts[i + 1].toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.writeBytes("\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static String field(String name) {
        return "Content-Disposition: form-data; name=\"" + name + "\"";
    }

    private static String fileHead(String name, String filename) {
        return "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: application/octet-stream";
    }

    @Test
    void requestTransformerEditsMultipartFieldsAndPassesFilePartsByteForByte() {
        try (TestGateway gateway = gateways.start(plugin("request-transformer", Map.of(
                "remove", Map.of("body", List.of("secret")),
                "rename", Map.of("body", List.of("old:new", "upload:document")),
                "replace", Map.of("body", List.of("mode:replaced", "document:not-for-files", "absent:never")),
                "add", Map.of("body", List.of("added:yes", "mode:not-added")),
                "append", Map.of("body", List.of("tags:b", "note:caf\u00e9")))))) {
            byte[] file = binaryFile();
            byte[] body = form(BOUNDARY, "", field("secret"), "s3cr3t", field("old"), "o", field("mode"), "m",
                    fileHead("upload", "photo; final.bin"), file, field("tags"), "a");
            TestClient.Response response = gateway.client.sendBytes("POST", "/m", multipart(BOUNDARY), body);
            assertThat(response.status()).isEqualTo(200);

            TestUpstream.Received seen = gateways.upstream().last();
            assertThat(seen.headers().get("Content-Type")).isEqualTo("multipart/form-data; boundary=" + BOUNDARY);
            assertThat(seen.headers().get("Content-Length")).isEqualTo(String.valueOf(seen.bytes().length));
            List<BodyFormats.Part> parts = BodyFormats.multipart(seen.bytes(), BOUNDARY);
            assertThat(parts).extracting(BodyFormats.Part::name)
                    .containsExactly("new", "mode", "document", "tags", "added", "tags", "note");
            assertThat(parts).extracting(BodyFormats.Part::text)
                    .containsExactly("o", "replaced", new String(file, java.nio.charset.StandardCharsets.UTF_8), "a", "yes",
                            "b", "caf\u00e9");
            BodyFormats.Part document = parts.get(2);
            assertThat(document.content()).isEqualTo(file);
            assertThat(new String(document.head(), java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo(
                    fileHead("document", "photo; final.bin"));
            assertThat(seen.body()).doesNotContain("s3cr3t");
        }
    }

    @Test
    void aMultipartBodyNoEditAppliesToGoesUpstreamExactlyAsSent() {
        try (TestGateway gateway = gateways.start(plugin("request-transformer", Map.of(
                "remove", Map.of("body", List.of("absent")), "replace", Map.of("body", List.of("also-absent:x")))))) {
            byte[] body = form("b0undary", "a preamble the upstream still gets\r\n", field("keep"), "1",
                    fileHead("f", "x.bin"), binaryFile());
            assertThat(gateway.client.sendBytes("POST", "/m", multipart("\"b0undary\""), body).status()).isEqualTo(200);
            assertThat(gateways.upstream().last().bytes()).isEqualTo(body);
        }
    }

    @Test
    void anAddedValueHoldingTheDelimiterGetsTheBodyAFreshBoundary() {
        try (TestGateway gateway = gateways.start(plugin("request-transformer", Map.of(
                "add", Map.of("body", List.of("sneaky:x\r\n--abc\r\nContent-Disposition: form-data; name=\"admin\"")))))) {
            byte[] body = form("abc", "", field("user"), "alice");
            assertThat(gateway.client.sendBytes("POST", "/m", multipart("abc"), body).status()).isEqualTo(200);
            TestUpstream.Received seen = gateways.upstream().last();
            String boundary = BodyFormats.boundary(seen.headers().get("Content-Type"));
            assertThat(boundary).isNotEqualTo("abc").startsWith("gatehouse-");
            assertThat(BodyFormats.multipart(seen.bytes(), boundary)).extracting(BodyFormats.Part::name)
                    .containsExactly("user", "sneaky");
        }
    }

    @Test
    void aMalformedMultipartBodyIsA400OfTheGatewayAndNeverReachesTheUpstream() {
        try (TestGateway gateway = gateways.start(plugin("request-transformer", Map.of(
                "remove", Map.of("body", List.of("secret")))))) {
            byte[] complete = form("abc", "", field("secret"), "s3cr3t", field("user"), "alice");
            byte[] truncated = java.util.Arrays.copyOf(complete, complete.length - 12);
            byte[] noHeadEnd = ("--abc\r\nContent-Disposition: form-data; name=\"secret\"\r\ns3cr3t\r\n--abc--\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            byte[] garbageAfterDelimiter = ("--abcXYZ\r\n" + field("secret") + "\r\n\r\nv\r\n--abc--\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            for (var attempt : List.of(
                    Map.entry(multipart("abc"), truncated),
                    Map.entry(multipart("abc"), noHeadEnd),
                    Map.entry(multipart("abc"), garbageAfterDelimiter),
                    Map.entry(multipart("other"), complete),
                    Map.entry(Map.of("Content-Type", "multipart/form-data"), complete),
                    Map.entry(multipart("bad{boundary}"), complete))) {
                TestClient.Response response = gateway.client.sendBytes("POST", "/m", attempt.getKey(), attempt.getValue());
                assertThat(response.status()).as(attempt.getKey().toString()).isEqualTo(400);
                assertThat(response.body()).contains("\"message\":\"Invalid multipart/form-data body\"", "\"request_id\":");
            }
            assertThat(gateways.upstream().received()).isEmpty();
            assertThat(gateway.client.sendBytes("POST", "/m", multipart("abc"), complete).status()).isEqualTo(200);
            assertThat(gateways.upstream().last().body()).doesNotContain("s3cr3t").contains("alice");
        }
    }

    @Test
    void aMultipartBodyOverTheBufferingLimitIsA413() {
        try (TestGateway gateway = gateways.start(ServerLimits.defaults().withMaxBufferedBody(1024),
                plugin("request-transformer", Map.of("add", Map.of("body", List.of("added:yes")))))) {
            byte[] big = form("abc", "", field("user"), "alice", fileHead("f", "big.bin"), binaryFile());
            TestClient.Response response = gateway.client.sendBytes("POST", "/m", multipart("abc"), big);
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.body()).contains("\"message\":\"Request size limit exceeded\"");
            assertThat(gateways.upstream().received()).isEmpty();
            byte[] small = form("abc", "", field("user"), "alice");
            assertThat(gateway.client.sendBytes("POST", "/m", multipart("abc"), small).status()).isEqualTo(200);
            assertThat(gateways.upstream().last().body()).contains("name=\"added\"");
        }
    }

    @Test
    void responseTransformerEditsJsonBodiesWithTypes() {
        try (TestGateway gateway = gateways.start(plugin("response-transformer", Map.of(
                "remove", Map.of("json", List.of("internal")),
                "rename", Map.of("json", List.of("old:new")),
                "replace", Map.of("json", List.of("count:42"), "json_types", List.of("number")),
                "add", Map.of("json", List.of("served:true", "via:gatehouse"), "json_types", List.of("boolean")),
                "append", Map.of("json", List.of("tags:b")))))) {
            gateways.upstream().then(json("{\"internal\":\"x\",\"old\":1,\"count\":\"0\",\"tags\":\"a\"}"));
            TestClient.Response response = gateway.client.get("/x");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(
                    "{\"count\":42,\"tags\":[\"a\",\"b\"],\"new\":1,\"served\":true,\"via\":\"gatehouse\"}");
            assertThat(response.header("X-Request-Id")).isNotBlank();

            gateways.upstream().then(json("not json at all"));
            assertThat(gateway.client.get("/x").body()).isEqualTo("not json at all");
            assertThat(gateway.client.get("/plain").body()).startsWith("echo GET /plain");
        }
    }

    @Test
    void aResponseLargerThanTheBufferingLimitStreamsThroughUnchanged() {
        try (TestGateway gateway = gateways.start(ServerLimits.defaults().withMaxBufferedBody(64),
                plugin("response-transformer", Map.of("add", Map.of("json", List.of("added:yes")))))) {
            String big = "{\"items\":\"" + "y".repeat(500) + "\"}";
            gateways.upstream().then(json(big));
            assertThat(gateway.client.get("/x").body()).isEqualTo(big);
            gateways.upstream().then(json("{}"));
            assertThat(gateway.client.get("/x").body()).isEqualTo("{\"added\":\"yes\"}");
        }
    }

    private static TestUpstream.Behaviour json(String body) {
        return new TestUpstream.Behaviour(200, Map.of("content-type", "application/json"), Duration.ZERO, false, body);
    }
}
