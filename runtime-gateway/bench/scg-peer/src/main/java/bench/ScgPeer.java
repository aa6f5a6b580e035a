package bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Mono;

/**
 * Spring Cloud Gateway peer for the load harness: routes and filters come from command-line properties;
 * requests are rate-limited per {@code apikey} header value (RequestRateLimiter with Redis).
 */
@SpringBootApplication
public class ScgPeer {

    public static void main(String[] args) {
        SpringApplication.run(ScgPeer.class, args);
    }

    @Bean
    KeyResolver apiKeyResolver() {
        return exchange -> Mono.justOrEmpty(exchange.getRequest().getHeaders().getFirst("apikey"));
    }
}
