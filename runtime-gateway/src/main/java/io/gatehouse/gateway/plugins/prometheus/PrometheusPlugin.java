package io.gatehouse.gateway.plugins.prometheus;

import io.gatehouse.gateway.plugins.Exchange;
import io.gatehouse.gateway.plugins.Plugin;
import io.gatehouse.gateway.status.GatewayMetrics;

/**
 * prometheus: the gateway always exports requests by route/service/status, latency histograms and
 * upstream health on the status listener's {@code /metrics}; this plugin adds, with
 * {@code per_consumer}, request counts labelled with the consumer for the routes it is enabled on.
 */
public final class PrometheusPlugin implements Plugin {

    private final PrometheusConfig config;
    private final GatewayMetrics metrics;

    public PrometheusPlugin(PrometheusConfig config, GatewayMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return PrometheusConfig.NAME;
    }

    @Override
    public int priority() {
        return PrometheusConfig.PRIORITY;
    }

    @Override
    public void log(Exchange exchange, int status, long latencyNanos) {
        if (config.perConsumer()) {
            metrics.consumerRequest(exchange.routeId(), exchange.consumer() == null ? "" : exchange.consumer().username()
                    != null ? exchange.consumer().username() : exchange.consumer().id(), status);
        }
    }
}
