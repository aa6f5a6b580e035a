package io.gatehouse.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.gateway.config.CertificateDefinition;
import io.gatehouse.gateway.config.EntityRef;
import io.gatehouse.gateway.config.SniDefinition;
import io.gatehouse.gateway.proxy.ProxyHandler;
import io.gatehouse.gateway.retry.RetryTimer;
import io.gatehouse.gateway.router.Route;
import io.gatehouse.gateway.runtime.ConfigHolder;
import io.gatehouse.gateway.status.GatewayMetrics;
import io.gatehouse.gateway.testing.TestCertificates;
import io.gatehouse.gateway.testing.TestGateway;
import io.gatehouse.gateway.testing.TlsProbe;
import io.gatehouse.gateway.testing.TestUpstream;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;

/** TLS termination: certificates chosen by SNI (exact, wildcard, default) and HTTP/2 negotiated by ALPN. */
@Timeout(90)
class TlsIT {

    @TempDir
    static Path dir;
    private static CertificateDefinition defaultCert;
    private static CertificateDefinition shopCert;
    private static CertificateDefinition wildcardCert;

    private static CertificateDefinition shopCertRenewed;

    @BeforeAll
    static void certificates() throws Exception {
        defaultCert = generate("default.test", List.of());
        shopCert = generate("shop.test", List.of("shop.test"));
        wildcardCert = generate("wild.test", List.of());
        CertificateDefinition renewed = generate("shop-renewed.test", List.of("shop.test"));
        shopCertRenewed = new CertificateDefinition("shop.test", renewed.cert(), renewed.key(), renewed.snis(), List.of());
    }

    private static CertificateDefinition generate(String cn, List<String> snis) throws Exception {
        return TestCertificates.generate(dir, cn, snis);
    }

    private record Seen(String subject, String protocol, int status) {
    }

    private static Seen call(int port, String serverName) {
        return call(port, serverName, "/tls");
    }

    private static Seen call(int port, String serverName, String path) {
        HttpClient client = HttpClient.create().protocol(HttpProtocol.H2, HttpProtocol.HTTP11)
                .secure(spec -> {
                    var builder = spec.sslContext(Http2SslContextSpec.forClient()
                            .configure(b -> b.trustManager(InsecureTrustManagerFactory.INSTANCE)));
                    if (serverName != null) {
                        builder.serverNames(new SNIHostName(serverName));
                    }
                });
        return client.get().uri("https://127.0.0.1:" + port + path)
                .responseConnection((response, connection) -> {
                    SslHandler ssl = connection.channel().parent() != null
                            ? connection.channel().parent().pipeline().get(SslHandler.class)
                            : connection.channel().pipeline().get(SslHandler.class);
                    String subject;
                    try {
                        subject = ((X509Certificate) ssl.engine().getSession().getPeerCertificates()[0])
                                .getSubjectX500Principal().getName();
                    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                        throw new IllegalStateException(e);
                    }
                    return connection.inbound().receive().then(reactor.core.publisher.Mono.just(
                            new Seen(subject, response.version().text(), response.status().code())));
                })
                .blockLast(Duration.ofSeconds(20));
    }

    @Test
    void picksTheCertificateBySniAndSpeaksHttp2() {
        Certificates certificates = Certificates.of(List.of(shopCert, defaultCert, wildcardCert),
                List.of(new SniDefinition(null, "*.wild.test", List.of(), EntityRef.ofId("wild.test"))));
        try (TestUpstream upstream = new TestUpstream()) {
            var snapshot = new TestGateway.Snapshot().route(Route.ofPaths("r", "s", "/"))
                    .route(Route.ofPaths("shop-only", "s", "/shop").withSnis("shop.test"))
                    .service("s", upstream.port()).build();
            ConfigHolder holder = new ConfigHolder(snapshot, Duration.ofSeconds(1));
            ServerLimits limits = ServerLimits.defaults();
            try (GatewayServer server = GatewayServer.startTls("127.0.0.1", 0, limits, () -> certificates,
                    new ProxyHandler(holder, limits, new GatewayMetrics(), RetryTimer.standard()))) {
                Seen shop = call(server.port(), "shop.test");
                assertThat(shop.subject()).isEqualTo("CN=shop.test");
                assertThat(shop.protocol()).isEqualTo("HTTP/2.0");
                assertThat(shop.status()).isEqualTo(200);

                assertThat(call(server.port(), "api.wild.test").subject()).isEqualTo("CN=wild.test");
                assertThat(call(server.port(), "unknown.test").subject()).isEqualTo("CN=default.test");
                assertThat(upstream.received()).hasSize(3);
                assertThat(upstream.last().headers().get("X-Forwarded-Proto")).isEqualTo("https");

                assertThat(call(server.port(), "shop.test", "/shop/cart").status()).isEqualTo(200);
                assertThat(upstream.last().uri()).isEqualTo("/cart");
                assertThat(call(server.port(), "api.wild.test", "/shop/cart").status()).isEqualTo(200);
                assertThat(upstream.last().uri()).isEqualTo("/shop/cart");
            }
        }
    }

    @Test
    void certificatesAddedReplacedOrRemovedByAConfigApplyToTheNextHandshake() throws Exception {
        CertificateStore store = new CertificateStore();
        try (TestUpstream upstream = new TestUpstream()) {
            var snapshot = new TestGateway.Snapshot().route(Route.ofPaths("r", "s", "/")).service("s", upstream.port()).build();
            ServerLimits limits = ServerLimits.defaults();
            ProxyHandler handler = new ProxyHandler(new ConfigHolder(snapshot, Duration.ofSeconds(1)), limits,
                    new GatewayMetrics(), RetryTimer.standard());
            try (GatewayServer server = GatewayServer.startTls("127.0.0.1", 0, limits, store, handler)) {
                int port = server.port();
                assertThatThrownBy(() -> TlsProbe.get(port, "shop.test", "/x"))
                        .as("no certificate yet: the handshake is refused").isInstanceOf(IOException.class);

                store.set(List.of(defaultCert), List.of());
                assertThat(TlsProbe.get(port, null, "/x")).isEqualTo(new TlsProbe.Seen("CN=default.test", "HTTP/1.1 200 OK"));
                assertThat(TlsProbe.get(port, "shop.test", "/x").subject()).isEqualTo("CN=default.test");

                store.set(List.of(defaultCert, shopCert), List.of());
                assertThat(TlsProbe.get(port, "shop.test", "/x"))
                        .isEqualTo(new TlsProbe.Seen("CN=shop.test", "HTTP/1.1 200 OK"));
                assertThat(TlsProbe.get(port, null, "/x").subject()).isEqualTo("CN=default.test");
                Certificates compiled = store.get();
                store.set(List.of(defaultCert, shopCert), List.of());
                assertThat(store.get()).as("unchanged certificates are not compiled again").isSameAs(compiled);

                store.set(List.of(defaultCert, shopCertRenewed), List.of());
                assertThat(TlsProbe.get(port, "shop.test", "/x").subject()).isEqualTo("CN=shop-renewed.test");

                store.set(List.of(defaultCert, wildcardCert),
                        List.of(new SniDefinition(null, "*.wild.test", List.of(), EntityRef.ofId("wild.test"))));
                assertThat(TlsProbe.get(port, "api.wild.test", "/x").subject()).isEqualTo("CN=wild.test");
                assertThat(TlsProbe.get(port, "shop.test", "/x").subject())
                        .as("a removed SNI falls back to the default certificate").isEqualTo("CN=default.test");

                store.set(List.of(defaultCert, wildcardCert), List.of());
                assertThat(TlsProbe.get(port, "api.wild.test", "/x").subject()).isEqualTo("CN=default.test");

                store.set(List.of(), List.of());
                assertThatThrownBy(() -> TlsProbe.get(port, null, "/x")).isInstanceOf(IOException.class);
                assertThat(upstream.received()).hasSize(8);
            }
        }
    }

    @Test
    void anHttpsOnlyRouteIsServedOverTlsAndAnswersPlainHttpWithItsRedirectStatus() {
        Certificates certificates = Certificates.of(List.of(defaultCert), List.of());
        try (TestUpstream upstream = new TestUpstream()) {
            var snapshot = new TestGateway.Snapshot()
                    .route(Route.ofPaths("secure", "s", "/secure").withProtocols(426, "https"))
                    .route(Route.ofPaths("moved", "s", "/moved").withProtocols(308, "https"))
                    .route(Route.ofPaths("plain-only", "s", "/plain").withProtocols(426, "http"))
                    .service("s", upstream.port()).build();
            ConfigHolder holder = new ConfigHolder(snapshot, Duration.ofSeconds(1));
            ServerLimits limits = ServerLimits.defaults();
            ProxyHandler handler = new ProxyHandler(holder, limits, new GatewayMetrics(), RetryTimer.standard());
            try (GatewayServer tls = GatewayServer.startTls("127.0.0.1", 0, limits, () -> certificates, handler);
                    GatewayServer plain = GatewayServer.start("127.0.0.1", 0, limits, handler)) {
                assertThat(call(tls.port(), "default.test", "/secure/a").status()).isEqualTo(200);
                assertThat(upstream.received()).hasSize(1);

                var client = new io.gatehouse.gateway.testing.TestClient(plain.port());
                var upgrade = client.get("/secure/a?x=1");
                assertThat(upgrade.status()).isEqualTo(426);
                assertThat(upgrade.body()).contains("\"message\":\"Please use HTTPS protocol\"", "\"request_id\":");
                assertThat(upgrade.header("Upgrade")).isEqualTo("TLS/1.2, HTTP/1.1");
                assertThat(upgrade.header("X-Request-Id")).isNotBlank();

                var moved = client.get("/moved/b?x=1", java.util.Map.of("Host", "api.example.com:8000"));
                assertThat(moved.status()).isEqualTo(308);
                assertThat(moved.header("Location")).isEqualTo("https://api.example.com/moved/b?x=1");
                assertThat(upstream.received()).hasSize(1);

                assertThat(client.get("/plain/c").status()).isEqualTo(200);
                assertThat(call(tls.port(), "default.test", "/plain/c").status()).isEqualTo(404);
                assertThat(upstream.received()).hasSize(2);
            }
        }
    }
}
