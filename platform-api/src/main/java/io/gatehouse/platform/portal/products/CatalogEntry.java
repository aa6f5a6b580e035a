package io.gatehouse.platform.portal.products;

import java.util.List;

/** A product as developers see it: only its published and deprecated versions, newest first. */
public record CatalogEntry(ApiProduct product, List<ProductVersion> versions) {
}
