package io.gatehouse.platform.sync;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.micrometer.core.instrument.MeterRegistry;

/** Wires the sync hub and its change fan-out; {@code gatehouse.sync.enabled=false} leaves both out. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SyncProperties.class)
class SyncConfiguration {

    @Bean
    @ConditionalOnProperty(name = "gatehouse.sync.enabled", havingValue = "true", matchIfMissing = true)
    SyncHub syncHub(SyncProperties properties, GatewayTokens tokens, GatewayCertificates certificates, NodeRegistry nodes,
            PlaneConfigs configs, Clock clock, ObjectProvider<TrafficSink> traffic, ObjectProvider<MeterRegistry> registry) {
        SyncHub hub = new SyncHub(properties, tokens, certificates, nodes, configs, SyncTls.serverContext(properties.tls()), clock);
        traffic.ifAvailable(hub::trafficSink);
        registry.ifAvailable(meters -> hub.meters(new SyncMeters(meters, hub)));
        return hub;
    }

    @Bean
    @ConditionalOnProperty(name = "gatehouse.sync.enabled", havingValue = "true", matchIfMissing = true)
    ChangeFanout changeFanout(SyncHub hub, ApplicationEventPublisher events, JdbcClient jdbc, DataSource dataSource) {
        return new ChangeFanout(hub, events, jdbc, dataSource);
    }
}
