package io.gatehouse.gateway.server;

import io.gatehouse.gateway.config.CertificateDefinition;
import io.gatehouse.gateway.config.SniDefinition;
import io.gatehouse.gateway.config.pem.Pem;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.X509ExtendedKeyManager;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.tcp.SslProvider;

/**
 * The TLS certificates of one configuration, by server name: exact SNIs, wildcard SNIs
 * ({@code *.example.com}), and a default certificate for clients that send no (or an unknown) name —
 * the certificate without SNIs, else the first one. Each certificate offers HTTP/2 and HTTP/1.1 by ALPN.
 */
public final class Certificates {

    private final Map<String, SslProvider> byName = new HashMap<>();
    private final SslProvider fallback;

    private Certificates(SslProvider fallback) {
        this.fallback = fallback;
    }

    /** No certificates: the TLS listener cannot start. */
    public static Certificates none() {
        return new Certificates(null);
    }

    public static Certificates of(List<CertificateDefinition> certificates, List<SniDefinition> snis) {
        if (certificates.isEmpty()) {
            return none();
        }
        Map<CertificateDefinition, SslProvider> providers = new HashMap<>();
        for (CertificateDefinition certificate : certificates) {
            providers.put(certificate, provider(certificate));
        }
        CertificateDefinition defaultCertificate = certificates.stream().filter(c -> c.snis().isEmpty()
                && snis.stream().noneMatch(s -> s.certificate() != null && s.certificate().matches(c.id(), null)))
                .findFirst().orElse(certificates.get(0));
        Certificates result = new Certificates(providers.get(defaultCertificate));
        for (CertificateDefinition certificate : certificates) {
            for (String name : certificate.snis()) {
                result.byName.put(name.toLowerCase(Locale.ROOT), providers.get(certificate));
            }
        }
        for (SniDefinition sni : snis) {
            certificates.stream().filter(c -> sni.certificate() != null && sni.certificate().matches(c.id(), c.id()))
                    .findFirst().ifPresent(c -> result.byName.put(sni.name().toLowerCase(Locale.ROOT), providers.get(c)));
        }
        return result;
    }

    private static SslProvider provider(CertificateDefinition certificate) {
        PrivateKey key = Pem.privateKey(certificate.key());
        X509Certificate[] chain = Pem.certificates(certificate.cert()).toArray(X509Certificate[]::new);
        return SslProvider.builder().sslContext(Http2SslContextSpec.forServer(key, chain)).build();
    }

    /**
     * A server context without any key: the TLS listener's placeholder for its default context, which every
     * handshake replaces by the certificate its SNI lookup picks (a handshake that used it would fail).
     */
    static Http2SslContextSpec keyless() {
        return Http2SslContextSpec.forServer(new X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return null;
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return null;
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return null;
            }
        });
    }

    public boolean present() {
        return fallback != null;
    }

    public SslProvider fallback() {
        return fallback;
    }

    /** The certificate for a server name: exact, then the closest wildcard, then the default (null: none at all). */
    public SslProvider forName(String serverName) {
        if (serverName == null) {
            return fallback;
        }
        String name = serverName.toLowerCase(Locale.ROOT);
        SslProvider exact = byName.get(name);
        if (exact != null) {
            return exact;
        }
        int dot = name.indexOf('.');
        if (dot > 0) {
            SslProvider wildcard = byName.get("*" + name.substring(dot));
            if (wildcard != null) {
                return wildcard;
            }
        }
        return fallback;
    }
}
