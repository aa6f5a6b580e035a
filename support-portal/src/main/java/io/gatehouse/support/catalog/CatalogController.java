package io.gatehouse.support.catalog;

import java.time.LocalDate;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;

import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.PlatformRole;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.web.ApiController;
import io.gatehouse.support.sla.Severity;

/**
 * {@code /api/v1/platform/support/products[/{code}/versions[/{name}]]}: the product and version catalogue.
 * Staff read, platform admins edit.
 */
@ApiController("/api/v1/platform/support/products")
class CatalogController {

    record ProductBody(String code, String name, VersionPolicy versionPolicy, Integer mostUrgentSeverity) {
    }

    record VersionBody(String name, LocalDate releasedOn, Boolean lts) {
    }

    private final ProductCatalog catalog;
    private final CurrentCaller callers;

    CatalogController(ProductCatalog catalog, CurrentCaller callers) {
        this.catalog = catalog;
        this.callers = callers;
    }

    @GetMapping
    List<Product> products() {
        staff();
        return catalog.products();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Product add(@RequestBody ProductBody body) {
        admin();
        return catalog.addProduct(product(body.code(), body));
    }

    @PutMapping("/{code}")
    Product update(@PathVariable String code, @RequestBody ProductBody body) {
        admin();
        return catalog.updateProduct(product(code, body));
    }

    @DeleteMapping("/{code}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable String code) {
        admin();
        catalog.removeProduct(code);
    }

    @GetMapping("/{code}/versions")
    List<ProductVersion> versions(@PathVariable String code) {
        staff();
        catalog.require(code);
        return catalog.versions(code);
    }

    @PostMapping("/{code}/versions")
    @ResponseStatus(HttpStatus.CREATED)
    ProductVersion addVersion(@PathVariable String code, @RequestBody VersionBody body) {
        admin();
        return catalog.addVersion(new ProductVersion(code, body.name(), body.releasedOn(), Boolean.TRUE.equals(body.lts())));
    }

    @PutMapping("/{code}/versions/{name}")
    ProductVersion updateVersion(@PathVariable String code, @PathVariable String name, @RequestBody VersionBody body) {
        admin();
        return catalog.updateVersion(new ProductVersion(code, name, body.releasedOn(), Boolean.TRUE.equals(body.lts())));
    }

    @DeleteMapping("/{code}/versions/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeVersion(@PathVariable String code, @PathVariable String name) {
        admin();
        catalog.require(code);
        catalog.removeVersion(code, name);
    }

    private static Product product(String code, ProductBody body) {
        Integer level = body.mostUrgentSeverity() == null ? 1 : body.mostUrgentSeverity();
        if (level < 1 || level > 4) {
            throw InvalidInputException.field("mostUrgentSeverity", "Choose 1 to 4.");
        }
        return new Product(code, body.name(), body.versionPolicy(), Severity.of(level));
    }

    private void staff() {
        callers.requirePlatformRole(PlatformRole.PLATFORM_ADMIN, PlatformRole.SUPPORT_ENGINEER);
    }

    private void admin() {
        callers.requirePlatformRole(PlatformRole.PLATFORM_ADMIN);
    }
}
