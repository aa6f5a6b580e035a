package io.gatehouse.gateway.config;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An upstream's health checks with Kong's fields and defaults. Intervals and timeouts are in seconds
 * (numbers, as in Kong); an interval or threshold of 0 turns that check off, so by default nothing probes.
 *
 * @param active periodic HTTP probes of each target
 * @param passive counting failures of proxied traffic (circuit breaking)
 * @param threshold minimum percentage of healthy weight for the upstream to count as healthy
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Healthchecks(Active active, Passive passive, BigDecimal threshold) {

    public Healthchecks {
        active = Values.or(active, new Active(null, null, null, null, null, null, null, null));
        passive = Values.or(passive, new Passive(null, null, null));
        threshold = Values.decimal(threshold, BigDecimal.ZERO);
    }

    /** Active probes: GET {@code http_path} on each target every {@code healthy.interval} / {@code unhealthy.interval} seconds. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Active(
            String type,
            @JsonProperty("http_path") String httpPath,
            BigDecimal timeout,
            Integer concurrency,
            @JsonProperty("https_verify_certificate") Boolean httpsVerifyCertificate,
            @JsonProperty("https_sni") String httpsSni,
            ActiveHealthy healthy,
            ActiveUnhealthy unhealthy) {

        public Active {
            type = Values.or(type, "http");
            httpPath = Values.or(httpPath, "/");
            timeout = Values.decimal(timeout, BigDecimal.ONE);
            concurrency = Values.or(concurrency, 10);
            httpsVerifyCertificate = Values.or(httpsVerifyCertificate, Boolean.TRUE);
            healthy = Values.or(healthy, new ActiveHealthy(null, null, null));
            unhealthy = Values.or(unhealthy, new ActiveUnhealthy(null, null, null, null, null));
        }

    }

    /** When an actively probed target counts as healthy again. */
    public record ActiveHealthy(
            BigDecimal interval,
            Integer successes,
            @JsonProperty("http_statuses") List<Integer> httpStatuses) {

        public static final List<Integer> DEFAULT_STATUSES = List.of(200, 302);

        public ActiveHealthy {
            interval = Values.decimal(interval, BigDecimal.ZERO);
            successes = Values.or(successes, 0);
            httpStatuses = Values.list(httpStatuses, DEFAULT_STATUSES);
        }

    }

    /** When an actively probed target counts as unhealthy. */
    public record ActiveUnhealthy(
            BigDecimal interval,
            @JsonProperty("http_failures") Integer httpFailures,
            @JsonProperty("tcp_failures") Integer tcpFailures,
            Integer timeouts,
            @JsonProperty("http_statuses") List<Integer> httpStatuses) {

        public static final List<Integer> DEFAULT_STATUSES = List.of(429, 404, 500, 501, 502, 503, 504, 505);

        public ActiveUnhealthy {
            interval = Values.decimal(interval, BigDecimal.ZERO);
            httpFailures = Values.or(httpFailures, 0);
            tcpFailures = Values.or(tcpFailures, 0);
            timeouts = Values.or(timeouts, 0);
            httpStatuses = Values.list(httpStatuses, DEFAULT_STATUSES);
        }

    }

    /** Passive checks: proxied responses count towards a target's health. */
    public record Passive(String type, PassiveHealthy healthy, PassiveUnhealthy unhealthy) {

        public Passive {
            type = Values.or(type, "http");
            healthy = Values.or(healthy, new PassiveHealthy(null, null));
            unhealthy = Values.or(unhealthy, new PassiveUnhealthy(null, null, null, null));
        }

    }

    /** Responses that count as successes for passive checks. */
    public record PassiveHealthy(Integer successes, @JsonProperty("http_statuses") List<Integer> httpStatuses) {

        public static final List<Integer> DEFAULT_STATUSES = List.of(200, 201, 202, 203, 204, 205, 206, 207, 208,
                226, 300, 301, 302, 303, 304, 305, 306, 307, 308);

        public PassiveHealthy {
            successes = Values.or(successes, 0);
            httpStatuses = Values.list(httpStatuses, DEFAULT_STATUSES);
        }

    }

    /** Failures that count against a target for passive checks. */
    public record PassiveUnhealthy(
            @JsonProperty("http_failures") Integer httpFailures,
            @JsonProperty("tcp_failures") Integer tcpFailures,
            Integer timeouts,
            @JsonProperty("http_statuses") List<Integer> httpStatuses) {

        public static final List<Integer> DEFAULT_STATUSES = List.of(429, 500, 503);

        public PassiveUnhealthy {
            httpFailures = Values.or(httpFailures, 0);
            tcpFailures = Values.or(tcpFailures, 0);
            timeouts = Values.or(timeouts, 0);
            httpStatuses = Values.list(httpStatuses, DEFAULT_STATUSES);
        }

    }

}
