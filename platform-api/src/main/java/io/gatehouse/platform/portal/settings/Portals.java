package io.gatehouse.platform.portal.settings;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.organizations.Organization;
import io.gatehouse.platform.organizations.Organizations;
import io.gatehouse.platform.portal.PortalScopes;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.tenancy.OrgId;

/**
 * The developer portals: which organization a public address belongs to ({@link #find(String)},
 * {@link #findByHost(String)}) and each portal's settings (read by anyone, changed by the org's admins).
 */
@Service
public class Portals {

    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");
    private static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");

    private final JdbcClient jdbc;
    private final Organizations organizations;
    private final PortalScopes portalScopes;
    private final AuditLog audit;
    private final Clock clock;
    private final PortalHosts hosts;

    Portals(JdbcClient jdbc, Organizations organizations, PortalScopes portalScopes, AuditLog audit,
            Clock clock, PortalHosts hosts) {
        this.hosts = hosts;
        this.jdbc = jdbc;
        this.organizations = organizations;
        this.portalScopes = portalScopes;
        this.audit = audit;
        this.clock = clock;
    }

    /** The portal at {@code /portal/<slug>}, or empty when no organization has that slug. */
    public Optional<Portal> find(String slug) {
        if (slug == null || slug.isBlank()) {
            return Optional.empty();
        }
        return organizations.findPublicBySlug(slug).map(this::portal);
    }

    /**
     * The portal served on a custom host name, or empty (port, case and a trailing dot ignored). Answered from
     * {@link PortalHosts}' table in memory, so asking for an unknown host costs no query.
     */
    public Optional<Portal> findByHost(String host) {
        return hosts.slugFor(host).flatMap(this::find);
    }

    /** The platform's own host name: what a custom host's DNS record points at (a CNAME target). */
    public String platformHost() {
        return hosts.platformHost();
    }

    /** The portal of an organization. */
    public Portal get(OrgId org) {
        return portal(portalScopes.in(org, () -> organizations.get(org)));
    }

    /** An organization's portal settings (defaults when never changed). */
    public PortalSettings settings(OrgId org) {
        return portalScopes.in(org, () -> read(org).orElse(PortalSettings.defaults()));
    }

    /** Replaces the settings; 400 with field messages for a bad colour, logo URL or host, 409 for a taken host. */
    public PortalSettings update(OrgId org, PortalSettings wanted) {
        List<FieldViolation> violations = new ArrayList<>();
        String displayName = blankToNull(wanted.displayName());
        if (displayName != null && displayName.length() > 100) {
            violations.add(new FieldViolation("display_name", "At most 100 characters."));
        }
        String logo = blankToNull(wanted.logoUrl());
        if (logo != null && !isHttpsUrl(logo)) {
            violations.add(new FieldViolation("logo_url", "Must be an absolute https:// URL."));
        }
        String primary = blankToNull(wanted.primaryColor());
        if (primary != null && !COLOR.matcher(primary).matches()) {
            violations.add(new FieldViolation("primary_color", "Must be a colour like #1a73e8."));
        }
        String accent = blankToNull(wanted.accentColor());
        if (accent != null && !COLOR.matcher(accent).matches()) {
            violations.add(new FieldViolation("accent_color", "Must be a colour like #1a73e8."));
        }
        String host = blankToNull(wanted.customHost());
        if (host != null) {
            host = host.toLowerCase(Locale.ROOT);
            if (host.endsWith(".")) {
                host = host.substring(0, host.length() - 1);
            }
            String refused = refuseHost(host);
            if (refused != null) {
                violations.add(new FieldViolation("custom_host", refused));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("Validation failed", violations);
        }
        String customHost = host;
        Instant now = clock.instant();
        PortalSettings updated = new PortalSettings(wanted.publicPortal(), displayName, logo, primary, accent,
                wanted.developerAutoApprove(), customHost, now);
        return portalScopes.in(org, () -> {
            PortalSettings before = read(org).orElse(PortalSettings.defaults());
            try {
                jdbc.sql("""
                        insert into portal_settings (org_id, visibility, display_name, logo_url, primary_color, accent_color,
                            developer_auto_approve, custom_host, updated_at)
                        values (:org, :visibility, :name, :logo, :primary, :accent, :auto, :host, :at)
                        on conflict (org_id) do update set visibility = excluded.visibility,
                            display_name = excluded.display_name, logo_url = excluded.logo_url,
                            primary_color = excluded.primary_color, accent_color = excluded.accent_color,
                            developer_auto_approve = excluded.developer_auto_approve, custom_host = excluded.custom_host,
                            updated_at = excluded.updated_at, version = portal_settings.version + 1
                        """)
                        .param("org", org.value()).param("visibility", updated.publicPortal() ? "public" : "private")
                        .param("name", displayName).param("logo", logo).param("primary", primary).param("accent", accent)
                        .param("auto", updated.developerAutoApprove()).param("host", customHost)
                        .param("at", Timestamp.from(now)).update();
            } catch (DuplicateKeyException e) {
                throw new ConflictException("The host '" + customHost + "' already serves another portal.");
            }
            audit.recordChange("update", "portal_settings", org.value(), snapshot(before), snapshot(updated));
            if (!java.util.Objects.equals(before.customHost(), customHost)) {
                hosts.changed();
            }
            return updated;
        });
    }

    /** Why a custom host name cannot be used, or null when it can. */
    private String refuseHost(String host) {
        if (host.contains("://") || host.contains("/") || host.contains(":")) {
            return "Only the host name, without scheme, port or path: e.g. developers.example.com.";
        }
        if (!HOST.matcher(host).matches()) {
            return "Must be a host name such as developers.example.com (letters, digits, hyphens and dots).";
        }
        if (host.substring(host.lastIndexOf('.') + 1).chars().allMatch(Character::isDigit)) {
            return "Must be a host name, not an IP address: the portal is found by the name visitors type.";
        }
        String platform = hosts.platformHost();
        if (host.equals(platform)) {
            return "This is the platform's own address (the console); choose a host name of your own.";
        }
        return null;
    }

    private Portal portal(Organization organization) {
        return new Portal(organization.orgId(), organization.getSlug(), organization.getName(),
                settings(organization.orgId()));
    }

    private Optional<PortalSettings> read(OrgId org) {
        return jdbc.sql("""
                select visibility, display_name, logo_url, primary_color, accent_color, developer_auto_approve,
                    custom_host, updated_at
                from portal_settings where org_id = :org
                """).param("org", org.value())
                .query((rs, n) -> new PortalSettings("public".equals(rs.getString("visibility")),
                        rs.getString("display_name"), rs.getString("logo_url"), rs.getString("primary_color"),
                        rs.getString("accent_color"), rs.getBoolean("developer_auto_approve"), rs.getString("custom_host"),
                        rs.getTimestamp("updated_at").toInstant()))
                .optional();
    }

    private static Map<String, Object> snapshot(PortalSettings settings) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("public", settings.publicPortal());
        map.put("display_name", settings.displayName());
        map.put("logo_url", settings.logoUrl());
        map.put("primary_color", settings.primaryColor());
        map.put("accent_color", settings.accentColor());
        map.put("developer_auto_approve", settings.developerAutoApprove());
        map.put("custom_host", settings.customHost());
        return map;
    }

    private static boolean isHttpsUrl(String value) {
        try {
            URI uri = URI.create(value);
            return "https".equals(uri.getScheme()) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
