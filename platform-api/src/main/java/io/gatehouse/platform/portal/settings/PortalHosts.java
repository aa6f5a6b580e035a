package io.gatehouse.platform.portal.settings;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/**
 * Which portal a custom host name serves, asked on every web request, so it is answered from memory: the
 * table of custom hosts ({@code portal_settings.custom_host} with the organization's slug) is read at most every
 * {@link #REFRESH} and at once after a settings change made through this replica commits. A change made through
 * another replica applies here within {@link #REFRESH}.
 */
@Component
public class PortalHosts {

    /** How old the in-memory table may get before the next lookup reads it again. */
    static final Duration REFRESH = Duration.ofSeconds(30);

    private record Table(Map<String, String> slugByHost, Map<String, String> hostBySlug, Instant readAt) {
    }

    private static final Logger log = LoggerFactory.getLogger(PortalHosts.class);

    private final JdbcClient jdbc;
    private final TenantScopes scopes;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final String platformHost;
    private volatile Table table;

    PortalHosts(JdbcClient jdbc, TenantScopes scopes, TransactionTemplate tx, Clock clock,
            @Value("${gatehouse.public-url}") String publicUrl) {
        this.jdbc = jdbc;
        this.scopes = scopes;
        this.tx = tx;
        this.clock = clock;
        this.platformHost = hostOfUrl(publicUrl);
    }

    /** The slug of the organization whose portal {@code host} serves (a {@code Host} header: port and case ignored). */
    public Optional<String> slugFor(String host) {
        String normalized = normalize(host);
        return normalized == null ? Optional.empty() : Optional.ofNullable(current().slugByHost().get(normalized));
    }

    /** The custom host of an organization's portal, if it has one. */
    public Optional<String> hostOf(String slug) {
        return slug == null ? Optional.empty() : Optional.ofNullable(current().hostBySlug().get(slug));
    }

    /** The host name of the platform itself ({@code gatehouse.public-url}): the target of a custom host's DNS record. */
    public String platformHost() {
        return platformHost;
    }

    /** Forgets the table after the running transaction commits (at once without one). */
    void changed() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    table = null;
                }
            });
        } else {
            table = null;
        }
    }

    private Table current() {
        Table now = table;
        Instant at = clock.instant();
        if (now == null || now.readAt().plus(REFRESH).isBefore(at)) {
            try {
                now = read(at);
                table = now;
            } catch (DataAccessException | TransactionException e) {
                // The database is away: keep serving with what is known (nothing at first), ask again next time,
                // rather than failing every request of the console too.
                log.warn("Could not read the portals' custom hosts ({}); serving with the last known table", e.getMessage());
                return now != null ? now : new Table(Map.of(), Map.of(), at);
            }
        }
        return now;
    }

    private Table read(Instant at) {
        Map<String, String> slugByHost = new HashMap<>();
        Map<String, String> hostBySlug = new HashMap<>();
        scopes.run(TenantScope.platform(), () -> tx.executeWithoutResult(status -> jdbc.sql("""
                select lower(s.custom_host) as host, o.slug
                from portal_settings s join platform_organization o on o.id = s.org_id
                where s.custom_host is not null
                """).query(rs -> {
                    slugByHost.put(rs.getString("host"), rs.getString("slug"));
                    hostBySlug.put(rs.getString("slug"), rs.getString("host"));
                })));
        return new Table(Map.copyOf(slugByHost), Map.copyOf(hostBySlug), at);
    }

    static String normalize(String host) {
        if (host == null || host.isBlank()) {
            return null;
        }
        String lower = host.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith("[")) {
            return lower; // an IPv6 literal never names a portal
        }
        lower = lower.replaceFirst(":\\d*$", "");
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static String hostOfUrl(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? "" : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
