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
        if (version.releasedOn() == null) {
            throw InvalidInputException.field("releasedOn", "Give the release date.");
        }
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

    private static final String CODE = "[a-z0-9][a-z0-9-]{0,39}";

    /** Adds a product (platform admins). */
    @Transactional
    public Product addProduct(Product product) {
        validate(product);
        if (!product.code().matches(CODE)) {
            throw InvalidInputException.field("code", "A product code is 1 to 40 lowercase letters, digits and dashes.");
        }
        scopes.run(TenantScope.platform(), () -> {
            int added = jdbc.sql("insert into support_product (code, name, version_policy, most_urgent_severity) values (?, ?, ?, ?) on conflict do nothing")
                    .params(product.code(), product.name().strip(), product.versionPolicy().name(), product.mostUrgentSeverity().level()).update();
            if (added == 0) {
                throw new ConflictException("A product with code " + product.code() + " already exists.");
            }
            audit.record("create", "support_product", product.code(), Map.of("name", product.name().strip(),
                    "versionPolicy", product.versionPolicy().name(), "mostUrgentSeverity", product.mostUrgentSeverity().level()));
        });
        return require(product.code());
    }

    /** Changes a product's name, version policy and most urgent severity (platform admins); the code stays. */
    @Transactional
    public Product updateProduct(Product product) {
        validate(product);
        scopes.run(TenantScope.platform(), () -> {
            Product before = require(product.code());
            jdbc.sql("update support_product set name = ?, version_policy = ?, most_urgent_severity = ?, version = version + 1 where code = ?")
                    .params(product.name().strip(), product.versionPolicy().name(), product.mostUrgentSeverity().level(), product.code()).update();
            audit.record("update", "support_product", product.code(), Map.of(
                    "name", Map.of("from", before.name(), "to", product.name().strip()),
                    "versionPolicy", Map.of("from", before.versionPolicy().name(), "to", product.versionPolicy().name()),
                    "mostUrgentSeverity", Map.of("from", before.mostUrgentSeverity().level(), "to", product.mostUrgentSeverity().level())));
        });
        return require(product.code());
    }

    /** Removes a product no ticket or subscription refers to (platform admins); its versions go with it. */
    @Transactional
    public void removeProduct(String code) {
        scopes.run(TenantScope.platform(), () -> {
            require(code);
            long tickets = jdbc.sql("select count(*) from support_ticket where product = ?").param(code).query(Long.class).single();
            long subscriptions = jdbc.sql("select count(*) from support_subscription_product where product = ?").param(code).query(Long.class).single();
            if (tickets > 0 || subscriptions > 0) {
                throw new ConflictException("Product " + code + " is in use by " + tickets + " tickets and " + subscriptions
                        + " subscriptions; it cannot be removed.");
            }
            jdbc.sql("delete from support_sla_target where product = ?").param(code).update();
            jdbc.sql("delete from support_product where code = ?").param(code).update();
            audit.record("delete", "support_product", code, Map.of());
        });
    }

    /** Changes a version's release date and LTS flag (platform admins). */
    @Transactional
    public ProductVersion updateVersion(ProductVersion version) {
        require(version.product());
        if (version.releasedOn() == null) {
            throw InvalidInputException.field("releasedOn", "Give the release date.");
        }
        scopes.run(TenantScope.platform(), () -> {
            ProductVersion before = jdbc.sql("select product, name, released_on, lts from support_product_version where product = ? and name = ? for update")
                    .params(version.product(), version.name()).query(ProductCatalog::version).optional()
                    .orElseThrow(() -> new NotFoundException("product version", version.product() + " " + version.name()));
            jdbc.sql("update support_product_version set released_on = ?, lts = ?, version = version + 1 where product = ? and name = ?")
                    .params(version.releasedOn(), version.lts(), version.product(), version.name()).update();
            audit.record("update", "support_product_version", version.product() + "/" + version.name(), Map.of(
                    "releasedOn", Map.of("from", before.releasedOn().toString(), "to", version.releasedOn().toString()),
                    "lts", Map.of("from", before.lts(), "to", version.lts())));
        });
        return version;
    }

    /** Removes a version from the catalogue (platform admins); tickets keep the version name they were filed with. */
    @Transactional
    public void removeVersion(String product, String name) {
        scopes.run(TenantScope.platform(), () -> {
            int removed = jdbc.sql("delete from support_product_version where product = ? and name = ?").params(product, name).update();
            if (removed == 0) {
                throw new NotFoundException("product version", product + " " + name);
            }
            audit.record("delete", "support_product_version", product + "/" + name, Map.of());
        });
    }

    private static void validate(Product product) {
        List<io.gatehouse.platform.shared.errors.FieldViolation> violations = new java.util.ArrayList<>();
        if (product.code() == null || product.code().isBlank()) {
            violations.add(new io.gatehouse.platform.shared.errors.FieldViolation("code", "Give the product a code."));
        }
        if (product.name() == null || product.name().isBlank() || product.name().length() > 120) {
            violations.add(new io.gatehouse.platform.shared.errors.FieldViolation("name", "Give the product a name of at most 120 characters."));
        }
        if (product.versionPolicy() == null) {
            violations.add(new io.gatehouse.platform.shared.errors.FieldViolation("versionPolicy",
                    "Choose GATEWAY_ENTERPRISE, MESH, CURRENT_ONLY or ALWAYS."));
        }
        if (product.mostUrgentSeverity() == null) {
            violations.add(new io.gatehouse.platform.shared.errors.FieldViolation("mostUrgentSeverity", "Choose 1 to 4."));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("The product is not valid", violations);
        }
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
