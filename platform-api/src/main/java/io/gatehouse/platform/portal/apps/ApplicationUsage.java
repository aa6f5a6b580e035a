package io.gatehouse.platform.portal.apps;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.gatehouse.platform.analytics.Granularity;
import io.gatehouse.platform.analytics.TrafficAnalytics;
import io.gatehouse.platform.analytics.TrafficQuery;
import io.gatehouse.platform.analytics.TrafficSource;
import io.gatehouse.platform.analytics.TrafficUsage;
import io.gatehouse.platform.portal.PortalScopes;
import io.gatehouse.platform.portal.PortalTags;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.tenancy.OrgId;

/**
 * An application's usage: the traffic gateways recorded for its consumer ({@link PortalTags#consumerId}) on every
 * control plane it ever registered for — one consumer per control plane, so a registration on versions of two
 * control planes adds up both —, merged into one set of figures (percentiles of the merged histograms), per period
 * and per product version. Registrations that were revoked still count for the time they worked, and a consumer
 * removed since is still found, since its id is derived from the application and the control plane.
 *
 * <p>{@link #forDeveloper} is the developer's own view (anyone else's application is a 404, like every developer
 * facade); {@link #forConsole} the organization's view of any application of its portal.
 */
@Service
public class ApplicationUsage {

    /** The longest range one report covers. */
    public static final Duration MAX_RANGE = Duration.ofDays(400);

    /**
     * The figures of one product version (or several, when they share a service), named for developers.
     *
     * @param name e.g. {@code "Weather API v1"}; {@code "Other APIs"} for traffic on a service no version of this
     *             portal shows
     */
    public record ProductUsage(String name, TrafficUsage.Figures figures) {
    }

    /** An application's usage over a range. */
    public record Report(Application application, TrafficUsage traffic, List<ProductUsage> products) {
    }

    private final JdbcClient jdbc;
    private final PortalScopes scopes;
    private final AppRows rows;
    private final TrafficAnalytics analytics;

    ApplicationUsage(JdbcClient jdbc, PortalScopes scopes, AppRows rows, TrafficAnalytics analytics) {
        this.jdbc = jdbc;
        this.scopes = scopes;
        this.rows = rows;
        this.analytics = analytics;
    }

    /** The usage of one of the developer's applications; 404 for anyone else's. */
    public Report forDeveloper(OrgId org, UUID developerId, UUID applicationId, Instant from, Instant to,
            Granularity granularity) {
        check(from, to, granularity);
        return scopes.in(org, () -> report(rows.owned(developerId, applicationId), from, to, granularity));
    }

    /** Console: the usage of any application of the organization's portal. */
    public Report forConsole(OrgId org, UUID applicationId, Instant from, Instant to, Granularity granularity) {
        check(from, to, granularity);
        return scopes.in(org, () -> report(rows.any(applicationId), from, to, granularity));
    }

    /** Where gateways record the application's traffic: its consumer on each control plane it registered for. */
    public List<TrafficSource> sources(OrgId org, UUID applicationId) {
        return scopes.in(org, () -> sources(rows.any(applicationId)));
    }

    private List<TrafficSource> sources(Application app) {
        return jdbc.sql("""
                select distinct v.control_plane_id from portal_registration r
                join portal_product_version v on v.id = r.version_id
                where r.application_id = :app order by v.control_plane_id
                """).param("app", app.id()).query(UUID.class).list().stream()
                .map(plane -> new TrafficSource(plane, PortalTags.consumerId(app.id(), plane).toString())).toList();
    }

    private Report report(Application app, Instant from, Instant to, Granularity granularity) {
        TrafficUsage traffic = analytics.usage(sources(app), from, to, granularity);
        // Name each control plane × service by the versions on it this application registered for, else those
        // the catalogue shows; what is left is "Other APIs" (a service's own name is the organization's business).
        Map<String, List<String>> registered = new LinkedHashMap<>();
        Map<String, List<String>> listed = new LinkedHashMap<>();
        jdbc.sql("""
                select v.control_plane_id, v.service_id, p.name || ' ' || v.name,
                    exists (select 1 from portal_registration r where r.version_id = v.id and r.application_id = :app),
                    v.status in ('published', 'deprecated')
                from portal_product_version v join portal_product p on p.id = v.product_id
                order by p.name, v.name
                """).param("app", app.id()).query(rs -> {
                    String key = rs.getObject(1, UUID.class) + "/" + rs.getObject(2, UUID.class);
                    if (rs.getBoolean(4)) {
                        registered.computeIfAbsent(key, k -> new ArrayList<>()).add(rs.getString(3));
                    } else if (rs.getBoolean(5)) {
                        listed.computeIfAbsent(key, k -> new ArrayList<>()).add(rs.getString(3));
                    }
                });
        Map<String, List<TrafficUsage.Figures>> byName = new LinkedHashMap<>();
        for (TrafficUsage.Part part : traffic.parts()) {
            String key = part.controlPlane() + "/" + part.service();
            List<String> names = registered.getOrDefault(key, listed.get(key));
            String name = names == null ? "Other APIs" : String.join(", ", names);
            byName.computeIfAbsent(name, n -> new ArrayList<>()).add(part.figures());
        }
        List<ProductUsage> products = new ArrayList<>();
        byName.forEach((name, figures) -> {
            if (figures.size() == 1) {
                products.add(new ProductUsage(name, figures.get(0)));
            } else {
                // Counts add up; percentiles of several parts are not a sum, so they are left out.
                products.add(new ProductUsage(name, new TrafficUsage.Figures(
                        figures.stream().mapToLong(TrafficUsage.Figures::requests).sum(),
                        figures.stream().mapToLong(TrafficUsage.Figures::clientErrors).sum(),
                        figures.stream().mapToLong(TrafficUsage.Figures::serverErrors).sum(), null, null, null)));
            }
        });
        return new Report(app, traffic, products);
    }

    private static void check(Instant from, Instant to, Granularity granularity) {
        List<FieldViolation> errors = new ArrayList<>();
        if (from == null || to == null || !from.isBefore(to)) {
            errors.add(new FieldViolation("from", "must be before 'to'"));
        } else if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            errors.add(new FieldViolation("from", "the range may cover at most " + MAX_RANGE.toDays() + " days"));
        } else if (granularity == null || Duration.between(granularity.truncate(from), to).toMillis()
                / granularity.step().toMillis() + 1 > TrafficQuery.MAX_POINTS) {
            errors.add(new FieldViolation("granularity", "gives more than " + TrafficQuery.MAX_POINTS
                    + " points over this range"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("Invalid usage range", errors);
        }
    }
}
