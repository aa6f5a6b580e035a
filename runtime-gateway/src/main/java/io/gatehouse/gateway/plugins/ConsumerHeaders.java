package io.gatehouse.gateway.plugins;

import io.netty.handler.codec.http.HttpHeaders;

/** The headers auth plugins pass upstream to name the consumer, as Kong does. */
public final class ConsumerHeaders {

    private ConsumerHeaders() {
    }

    public static void apply(HttpHeaders headers, Consumer consumer, boolean anonymous) {
        headers.set("X-Consumer-ID", consumer.id());
        setOrRemove(headers, "X-Consumer-Username", consumer.username());
        setOrRemove(headers, "X-Consumer-Custom-ID", consumer.customId());
        setOrRemove(headers, "X-Credential-Identifier", consumer.credentialId());
        if (anonymous) {
            headers.set("X-Anonymous-Consumer", "true");
        } else {
            headers.remove("X-Anonymous-Consumer");
        }
    }

    private static void setOrRemove(HttpHeaders headers, String name, String value) {
        if (value == null) {
            headers.remove(name);
        } else {
            headers.set(name, value);
        }
    }
}
