package io.gatehouse.gateway.plugins;

import io.gatehouse.gateway.server.GatewayError;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;

/** What a plugin's access phase decided. */
public sealed interface Verdict {

    /** Go on with the next plugin, then proxy. */
    Mono<Verdict> PROCEED = Mono.just(new Proceed());

    /** Continue. */
    record Proceed() implements Verdict {
    }

    /**
     * Answer with a JSON error ({@code {"message", "request_id"}}); {@code headers} (may be null) carry
     * e.g. Retry-After or WWW-Authenticate.
     */
    record Reject(int status, String message, HttpHeaders headers) implements Verdict {
        public Reject(GatewayError error) {
            this(error.status(), error.message(), null);
        }

        public Reject(GatewayError error, HttpHeaders headers) {
            this(error.status(), error.message(), headers);
        }
    }

    /** Answer with an empty-bodied response (e.g. a CORS preflight). */
    record Respond(int status, HttpHeaders headers) implements Verdict {
    }
}
