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
   * Answer with a gateway error (JSON body); {@code headers} may carry e.g. Retry-After or
   * WWW-Authenticate, and {@code message} overrides the error's default text when not null.
   */
  record Reject(GatewayError error, String message, HttpHeaders headers) implements Verdict {
    public Reject(GatewayError error) {
      this(error, null, null);
    }
  }

  /** Answer with an empty-bodied response (e.g. a CORS preflight). */
  record Respond(int status, HttpHeaders headers) implements Verdict {
  }
}
