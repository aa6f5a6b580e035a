package io.gatehouse.platform.analytics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of traffic analytics ({@code gatehouse.analytics.*}, also as {@code GATEHOUSE_ANALYTICS_*}).
 *
 * @param enabled             whether this replica takes gateways' traffic reports (off: gateways keep them)
 * @param minuteRetention     how long minute rows are kept (and the oldest bucket a report may carry)
 * @param hourRetention       how long hour rollups are kept
 * @param dayRetention        how long day rollups are kept
 * @param maintenanceInterval how often the maintenance job runs (partitions, rollups, retention), one replica a time
 * @param rollupDelay         how long after an hour or day ends it is rolled up (reports of its last buckets arrive)
 */
@ConfigurationProperties("gatehouse.analytics")
public record AnalyticsProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("7d") Duration minuteRetention,
        @DefaultValue("90d") Duration hourRetention,
        @DefaultValue("730d") Duration dayRetention,
        @DefaultValue("1m") Duration maintenanceInterval,
        @DefaultValue("2m") Duration rollupDelay) {
}
