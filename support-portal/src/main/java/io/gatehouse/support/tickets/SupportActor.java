package io.gatehouse.support.tickets;

import java.util.Objects;
import java.util.UUID;

import io.gatehouse.platform.tenancy.OrgId;

/**
 * Who acts on the desk: a customer contact of an organization, platform support staff (no organization;
 * works across all of them), or the desk itself (scheduled auto-close, inbound mail bookkeeping).
 */
public record SupportActor(UUID userId, String name, OrgId org, boolean staff) {

    public static final SupportActor SYSTEM = new SupportActor(null, "Gatehouse support desk", null, true);

    public SupportActor {
        Objects.requireNonNull(name, "name");
        if (!staff && org == null) {
            throw new IllegalArgumentException("a customer acts within an organization");
        }
    }

    public static SupportActor customer(UUID userId, String name, OrgId org) {
        return new SupportActor(Objects.requireNonNull(userId, "userId"), name, org, false);
    }

    public static SupportActor staff(UUID userId, String name) {
        return new SupportActor(Objects.requireNonNull(userId, "userId"), name, null, true);
    }
}
