package io.gatehouse.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A plain JDK TLS client ({@link SSLSocket}, HTTP/1.1, no ALPN): connects with or without SNI, records the
 * certificate the server presented and sends one request.
 */
public final class TlsProbe {

    /** What one connection saw: the subject of the server's certificate and the response's status line. */
    public record Seen(String subject, String statusLine) {
    }

    private TlsProbe() {
    }

    /** One HTTPS request to {@code 127.0.0.1:port}; {@code serverName} null sends no SNI. */
    public static Seen get(int port, String serverName, String path) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustEverything()}, null);
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            plain.setSoTimeout(10_000);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", port, true)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                String subject = ((X509Certificate) socket.getSession().getPeerCertificates()[0])
                        .getSubjectX500Principal().getName();
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + path + " HTTP/1.1\r\nHost: " + (serverName == null ? "127.0.0.1" : serverName)
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return new Seen(subject, statusLine(socket.getInputStream()));
            }
        }
    }

    private static String statusLine(InputStream in) throws Exception {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
