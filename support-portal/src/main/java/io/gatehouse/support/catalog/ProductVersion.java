package io.gatehouse.support.catalog;

import java.time.LocalDate;

/** A released version of a product, e.g. Gateway Enterprise "3.4.3.0" (LTS), released on a date. */
public record ProductVersion(String product, String name, LocalDate releasedOn, boolean lts) {

    /** The major version: the number left of the first dot ("3" for 3.4.3.0). */
    public String major() {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
