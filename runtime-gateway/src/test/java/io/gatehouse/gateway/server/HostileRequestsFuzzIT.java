package io.gatehouse.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.config.ConsumerDefinition;
import io.gatehouse.gateway.config.PluginDefinition;
import io.gatehouse.gateway.plugins.Consumers;
import io.gatehouse.gateway.plugins.Plugin;
import io.gatehouse.gateway.plugins.PluginChain;
import io.gatehouse.gateway.plugins.PluginFactory;
import io.gatehouse.gateway.plugins.ratelimit.LocalCounters;
import io.gatehouse.gateway.retry.RetryTimer;
import io.gatehouse.gateway.router.Route;
import io.gatehouse.gateway.status.GatewayMetrics;
import io.gatehouse.gateway.testing.TestGateway;
import io.gatehouse.gateway.testing.TestUpstream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Throws thousands of malformed and hostile requests at the gateway over raw sockets — a bare route, and a route
 * whose plugins parse credentials, origins, forwarded addresses and bodies — (seeded, so a
 * failure reproduces). The upstream is a healthy echo server, so any 5xx would be the gateway's own
 * fault; none may appear, and the gateway must still serve normally afterwards.
 */
@Timeout(300)
class HostileRequestsFuzzIT {

    private static final int CASES = 3000;
    private static final int PLUGIN_CASES = 2000;
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE",
            "CONNECT", "get", "G\u0000T", "", "GET GET", "\u00ff\u00fe", "PROPFIND", "A".repeat(300)};
    private static final String[] TARGETS = {"/", "/api", "/api/../../etc/passwd", "*", "http://evil.example/api",
            "//double", "/%00", "/%zz", "/a?b=%", "/\u00e9\u00e8", "/" + "x".repeat(5000), "", "/ spaced", "/a\tb",
            "/api?" + "q=1&".repeat(400), "https://[::1]:99999/", "/api#frag"};
    private static final String[] VERSIONS = {"HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/9.9", "HTTP/1.1 extra", "",
            "http/1.1", "HTTP/1"};
    private static final String[] HEADERS = {"Host: a", "Host:", "Host: a\r\nHost: b", "Content-Length: -1",
            "Content-Length: 5\r\nContent-Length: 6", "Content-Length: 99999999999999999999", "Content-Length: 1e3",
            "Transfer-Encoding: chunked\r\nContent-Length: 3", "Transfer-Encoding: gzip, chunked",
            "Transfer-Encoding: identity", "Bad Header: x", ": empty-name", "X-Fold: a\r\n  folded", "X-Null: a\u0000b",
            "X-Big: " + "v".repeat(20000), "Connection: close, upgrade, host", "Upgrade: websocket",
            "Expect: 100-continue", "X-Forwarded-For: ' OR 1=1 --", "Via: " + "x,".repeat(500), "X-\u00ff: y",
            "Cookie: " + "a=b; ".repeat(1000), "Authorization: Basic %%%", "Content-Type: application/json"};

    /** Hostile credentials, origins and bodies for the plugins that parse them; the request line is well formed. */
    private static final String[] PLUGIN_HEADERS = {"Authorization: Basic %%%", "Authorization: Basic " + "QUFB".repeat(3000),
            "Authorization: Basic OmJhZA==", "Authorization: Bearer a.b.c", "Authorization: Bearer ..",
            "Authorization: Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.", "Authorization: Bearer " + "e".repeat(5000),
            "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.bm90IGpzb24.c2ln", "apikey: ", "apikey: %00",
            "Origin: null", "Origin: https://" + "a".repeat(3000) + ".test", "Access-Control-Request-Method: \u00ff",
            "X-Forwarded-For: ::ffff:999.1.1.1, [::1]", "X-Forwarded-For: " + "1.2.3.4,".repeat(300), "X-Tenant: ",
            "X-Correlation-ID: " + "c".repeat(3000), "Content-Type: multipart/form-data; boundary=",
            "Content-Type: multipart/form-data; boundary=b", "Content-Type: multipart/form-data; boundary=\"b",
            "Content-Type: application/json", "Content-Type: application/x-www-form-urlencoded", "Content-Length: 40",
            "Transfer-Encoding: chunked"};
    private static final String[] PLUGIN_BODIES = {"", "--b\r\n", "--b\r\nContent-Disposition: form-data; name=\"apikey\"\r\n\r\nk",
            "--b\r\nContent-Disposition: form-data; name=\"apikey\"\r\n\r\nk\r\n--b--\r\n",
            "--b\r\nContent-Disposition: form-data; name=\"\r\n\r\n\r\n--b--", "--b--", "--bb\r\n\r\n--b--\r\n",
            "{\"apikey\":", "{\"apikey\":[" + "{".repeat(3000) + "}", "apikey=%zz&secret=%", "a=" + "b&".repeat(3000),
            "5\r\nhello\r\n0\r\n\r\n", "zz\r\n"};

    @Test
    void hostileCredentialsOriginsAndBodiesNeverEarnA5xxFromThePlugins() throws Exception {
        ServerLimits limits = ServerLimits.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1))
                .withMaxBufferedBody(64 * 1024);
        Consumers consumers = Consumers.of(List.of(new ConsumerDefinition("c-anon", "anonymous", null, List.of(), List.of())),
                List.of(), List.of(), List.of(), List.of());
        PluginFactory factory = new PluginFactory(consumers, Clock.systemUTC(), new GatewayMetrics(),
                new LocalCounters(Clock.systemUTC()), c -> null, "fuzz");
        List<Plugin> plugins = List.of(
                PluginDefinition.global("cors", Map.of("origins", List.of("https://app.example.com"), "credentials", true)),
                PluginDefinition.global("jwt", Map.of("anonymous", "anonymous")),
                PluginDefinition.global("key-auth", Map.of("anonymous", "anonymous", "key_in_body", true)),
                PluginDefinition.global("basic-auth", Map.of("anonymous", "anonymous")),
                PluginDefinition.global("ip-restriction", Map.of("allow", List.of("0.0.0.0/0", "::/0"))),
                PluginDefinition.global("request-size-limiting", Map.of("allowed_payload_size", 1)),
                PluginDefinition.global("rate-limiting", Map.of("second", 1_000_000, "limit_by", "header",
                        "header_name", "X-Tenant")),
                PluginDefinition.global("request-transformer", Map.of("remove", Map.of("body", List.of("secret")),
                        "add", Map.of("body", List.of("added:yes"), "headers", List.of("X-Added:yes")))),
                PluginDefinition.global("response-transformer", Map.of("add", Map.of("json", List.of("seen:yes")))),
                PluginDefinition.global("correlation-id", Map.of("echo_downstream", true)))
                .stream().map(factory::create).toList();
        try (TestUpstream upstream = new TestUpstream();
                TestGateway gateway = new TestGateway(new TestGateway.Snapshot().route(Route.ofPaths("r", "s", "/"))
                        .service("s", upstream.port()).plugins("r", new PluginChain(plugins)).build(), limits,
                        RetryTimer.standard())) {
            Random random = new Random(20261123);
            Map<Integer, Integer> statuses = new TreeMap<>();
            List<String> serverErrors = new ArrayList<>();
            for (int i = 0; i < PLUGIN_CASES; i++) {
                StringBuilder request = new StringBuilder(pick(random, new String[] {"GET", "POST", "PUT", "OPTIONS"}))
                        .append(" /api?apikey=").append(random.nextInt(3) == 0 ? "%" : "k").append(" HTTP/1.1\r\n")
                        .append("Host: fuzz.test\r\n");
                int headers = 1 + random.nextInt(4);
                for (int h = 0; h < headers; h++) {
                    request.append(pick(random, PLUGIN_HEADERS)).append("\r\n");
                }
                request.append("\r\n").append(pick(random, PLUGIN_BODIES));
                byte[] bytes = request.toString().getBytes(StandardCharsets.UTF_8);
                int status = exchange(gateway.port(), bytes);
                statuses.merge(status, 1, Integer::sum);
                if (status >= 500) {
                    serverErrors.add(status + " for " + new String(bytes, 0, Math.min(bytes.length, 300),
                            StandardCharsets.UTF_8).replace("\r\n", "\\r\\n"));
                }
            }
            assertThat(serverErrors).as("statuses seen: %s", statuses).isEmpty();
            assertThat(statuses.keySet()).as("plugins answered and proxied").contains(200, 400);
            assertThat(gateway.client.get("/still/alive").status()).isEqualTo(200);
        }
    }

    @Test
    void noMalformedRequestEarnsA5xxOrTakesTheGatewayDown() throws Exception {
        ServerLimits limits = ServerLimits.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1));
        try (TestUpstream upstream = new TestUpstream();
                TestGateway gateway = new TestGateway(new TestGateway.Snapshot().route(Route.ofPaths("r", "s", "/"))
                        .service("s", upstream.port()).build(), limits, RetryTimer.standard())) {
            Random random = new Random(20261122);
            Map<Integer, Integer> statuses = new TreeMap<>();
            List<String> serverErrors = new ArrayList<>();
            for (int i = 0; i < CASES; i++) {
                byte[] request = hostileRequest(random);
                int status = exchange(gateway.port(), request);
                statuses.merge(status, 1, Integer::sum);
                if (status >= 500) {
                    serverErrors.add(status + " for " + new String(request, 0, Math.min(request.length, 200),
                            StandardCharsets.ISO_8859_1).replace("\r\n", "\\r\\n"));
                }
            }
            assertThat(serverErrors).as("statuses seen: %s", statuses).isEmpty();
            assertThat(statuses.keySet()).as("the gateway answered malformed requests").contains(400);
            assertThat(gateway.client.get("/still/alive").status()).isEqualTo(200);
        }
    }

    private static byte[] hostileRequest(Random random) {
        int shape = random.nextInt(10);
        if (shape == 0) {
            byte[] garbage = new byte[1 + random.nextInt(2048)];
            random.nextBytes(garbage);
            return garbage;
        }
        StringBuilder out = new StringBuilder();
        out.append(pick(random, METHODS)).append(' ').append(pick(random, TARGETS)).append(' ')
                .append(pick(random, VERSIONS)).append(random.nextInt(8) == 0 ? "\n" : "\r\n");
        if (random.nextInt(4) != 0) {
            out.append("Host: fuzz.test\r\n");
        }
        int headers = random.nextInt(5);
        for (int h = 0; h < headers; h++) {
            out.append(pick(random, HEADERS)).append(random.nextInt(10) == 0 ? "\r" : "\r\n");
        }
        out.append("\r\n");
        if (shape == 1) {
            out.append("5\r\nhello\r\nzz\r\n\r\n");
        } else if (shape == 2) {
            out.append("{\"json\":").append("[".repeat(random.nextInt(200)));
        }
        if (shape == 3) {
            return out.substring(0, random.nextInt(Math.max(1, out.length()))).getBytes(StandardCharsets.ISO_8859_1);
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Sends the bytes, half-closes, and returns the first response's status (0 when none came). */
    private static int exchange(int port, byte[] request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(4000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (java.io.IOException closedEarly) {
                // the gateway may already have answered and closed; read what it said
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                int read;
                while (seen.size() < 16 && (read = in.read(buffer)) > 0) {
                    seen.write(buffer, 0, read);
                }
            } catch (SocketTimeoutException | java.net.SocketException noAnswer) {
                // no (complete) answer: not a 5xx
            }
            String head = seen.toString(StandardCharsets.ISO_8859_1);
            if (head.startsWith("HTTP/1.") && head.length() >= 12) {
                return Integer.parseInt(head.substring(9, 12));
            }
            return 0;
        }
    }
}
