package io.gatehouse.platform.portal.products;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.RowMapper;

/** Row mappers and column lists of the product tables, shared by the product facades. */
final class ProductRows {

    static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?");
    static final String SLUG_RULE = "Use lowercase letters, digits and dashes (not at the start or end), at most 100.";

    static final String PRODUCT_COLUMNS = "id, slug, name, description, created_at, updated_at";
    static final String VERSION_COLUMNS = "id, product_id, name, control_plane_id, service_id, status, sunset_at,"
            + " openapi_source, openapi_title, openapi_document is not null as has_openapi, created_at, updated_at";
    static final String PLAN_COLUMNS = "id, version_id, name, description, auth, approval, rate_limit_per_minute, created_at";
    static final String PAGE_COLUMNS = "id, version_id, slug, title, markdown, position, updated_at";

    static final RowMapper<ApiProduct> PRODUCT = (rs, n) -> new ApiProduct(uuid(rs, "id"), rs.getString("slug"),
            rs.getString("name"), rs.getString("description"), instant(rs, "created_at"), instant(rs, "updated_at"));

    static final RowMapper<ProductVersion> VERSION = (rs, n) -> new ProductVersion(uuid(rs, "id"),
            uuid(rs, "product_id"), rs.getString("name"), uuid(rs, "control_plane_id"), uuid(rs, "service_id"),
            VersionStatus.of(rs.getString("status")), instant(rs, "sunset_at"), rs.getString("openapi_source"),
            rs.getString("openapi_title"), rs.getBoolean("has_openapi"), instant(rs, "created_at"),
            instant(rs, "updated_at"));

    static final RowMapper<AccessPlan> PLAN = (rs, n) -> new AccessPlan(uuid(rs, "id"), uuid(rs, "version_id"),
            rs.getString("name"), rs.getString("description"), PlanAuth.of(rs.getString("auth")),
            Approval.of(rs.getString("approval")), (Integer) rs.getObject("rate_limit_per_minute"),
            instant(rs, "created_at"));

    static final RowMapper<DocPage> PAGE = (rs, n) -> new DocPage(uuid(rs, "id"), uuid(rs, "version_id"),
            rs.getString("slug"), rs.getString("title"), rs.getString("markdown"), rs.getInt("position"),
            instant(rs, "updated_at"));

    private ProductRows() {
    }

    static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static UUID uuidOrNull(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
