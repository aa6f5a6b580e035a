package io.gatehouse.support.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import io.gatehouse.support.sla.Severity;

/** Products and their version catalogue (global data, edited by platform admins). */
@Service
public class ProductCatalog {

    private final JdbcClient jdbc;
    private final TenantScopes scopes;
    private final AuditLog audit;
    private final Clock clock;

    ProductCatalog(JdbcTemplate jdbcTemplate, TenantScopes scopes, AuditLog audit, Clock clock) {
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.scopes = scopes;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<Product> products() {
        return jdbc.sql("select code, name, version_policy, most_urgent_severity from support_product order by name")
                .query(ProductCatalog::product).list();
    }

    @Transactional(readOnly = true)
    public Optional<Product> find(String code) {
        return jdbc.sql("select code, name, version_policy, most_urgent_severity from support_product where code = ?")
                .param(code).query(ProductCatalog::product).optional();
    }

    public Product require(String code) {
        return find(code).orElseThrow(() -> new NotFoundException("product", code));
    }

    @Transactional(readOnly = true)
    public List<ProductVersion> versions(String product) {
        return jdbc.sql("select product, name, released_on, lts from support_product_version where product = ? order by released_on desc")
                .param(product).query(ProductCatalog::version).list();
    }

    /** Adds a released version (platform admins). */
    @Transactional
    public ProductVersion addVersion(ProductVersion version) {
        require(version.product());
        if (version.name() == null || !version.name().matches("[0-9A-Za-z][0-9A-Za-z.+-]{0,39}")) {
            throw InvalidInputException.field("name", "A version looks like 3.4.3.0: digits, letters, dots, + and -, at most 40.");
        }
        scopes.run(TenantScope.platform(), () -> {
            int added = jdbc.sql("insert into support_product_version (product, name, released_on, lts) values (?, ?, ?, ?) on conflict do nothing")
                    .params(version.product(), version.name(), version.releasedOn(), version.lts()).update();
            if (added == 0) {
                throw new ConflictException(version.product() + " " + version.name() + " is already in the catalogue.");
            }
            audit.record("create", "support_product_version", version.product() + "/" + version.name(),
                    Map.of("releasedOn", version.releasedOn().toString(), "lts", version.lts()));
        });
        return version;
    }

    /** Support status of a product version today; empty if the version is not in the catalogue. */
    @Transactional(readOnly = true)
    public Optional<VersionSupport> support(String productCode, String versionName) {
        Product product = require(productCode);
        List<ProductVersion> all = versions(productCode);
        LocalDate today = LocalDate.now(clock);
        return all.stream().filter(v -> v.name().equals(versionName)).findFirst()
                .map(v -> VersionSupport.of(product.versionPolicy(), v, all, today));
    }

    private static Product product(ResultSet rs, int row) throws SQLException {
        return new Product(rs.getString(1), rs.getString(2), VersionPolicy.valueOf(rs.getString(3)), Severity.of(rs.getInt(4)));
    }

    private static ProductVersion version(ResultSet rs, int row) throws SQLException {
        return new ProductVersion(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class), rs.getBoolean(4));
    }
}
