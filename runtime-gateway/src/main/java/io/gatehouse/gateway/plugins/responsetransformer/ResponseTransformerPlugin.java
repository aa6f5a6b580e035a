package io.gatehouse.gateway.plugins.responsetransformer;

import io.gatehouse.gateway.plugins.Exchange;
import io.gatehouse.gateway.plugins.HeaderEdits;
import io.gatehouse.gateway.plugins.Plugin;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/**
 * response-transformer: edits response headers as they leave (upstream and gateway answers alike).
 * JSON body rewriting is not supported by this gateway (bodies stream through unbuffered); a config
 * asking for it is refused when it is compiled.
 */
public final class ResponseTransformerPlugin implements Plugin {

    /** Why a config was refused. */
    public static final String UNSUPPORTED = "response-transformer: JSON body rewriting is not supported";

    private final ResponseTransformerConfig config;

    public ResponseTransformerPlugin(ResponseTransformerConfig config) {
        boolean json = !config.remove().json().isEmpty() || !config.rename().json().isEmpty()
                || !config.replace().json().isEmpty() || !config.add().json().isEmpty() || !config.append().json().isEmpty();
        if (json) {
            throw new IllegalArgumentException(UNSUPPORTED);
        }
        this.config = config;
    }

    @Override
    public String name() {
        return ResponseTransformerConfig.NAME;
    }

    @Override
    public int priority() {
        return ResponseTransformerConfig.PRIORITY;
    }

    @Override
    public void onResponse(Exchange exchange, int status, HttpHeaders responseHeaders) {
        HeaderEdits.apply(responseHeaders, config.remove().headers(), config.rename().headers(),
                config.replace().headers(), config.add().headers(), List.copyOf(config.append().headers()));
    }
}
