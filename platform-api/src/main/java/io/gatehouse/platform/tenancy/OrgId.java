package io.gatehouse.platform.tenancy;

import java.util.Objects;
import java.util.UUID;

/** The identity of an organization (tenant). Every tenant-owned row carries one. */
public record OrgId(UUID value) {

    public OrgId {
        Objects.requireNonNull(value, "value");
    }

    public static OrgId random() {
        return new OrgId(UUID.randomUUID());
    }

    public static OrgId of(String value) {
        return new OrgId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
