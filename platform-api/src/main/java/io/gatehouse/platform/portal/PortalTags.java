package io.gatehouse.platform.portal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The tags and ids of the gateway entities the portal writes, so that users see where an entity comes from
 * ({@code portal}) and the portal finds its own entities again (by the application's or version's tag).
 * Ids are derived (name-based UUIDs) from what they stand for, so a reconciliation that runs twice writes
 * the same entities.
 */
public final class PortalTags {

    /** Every entity the portal writes carries this tag. */
    public static final String PORTAL = "portal";

    private PortalTags() {
    }

    public static String application(UUID applicationId) {
        return "portal-app:" + applicationId;
    }

    public static String version(UUID versionId) {
        return "portal-version:" + versionId;
    }

    /** The ACL group of a product version: consumers registered for it are in it, its service allows it. */
    public static String aclGroup(UUID versionId) {
        return "portal-" + versionId;
    }

    public static List<String> forApplication(UUID applicationId) {
        return List.of(PORTAL, application(applicationId));
    }

    /**
     * The id of an application's consumer on a control plane: what gateways record its traffic under, so also how
     * its usage is found (even after the consumer was removed).
     */
    public static UUID consumerId(UUID applicationId, UUID controlPlaneId) {
        return derivedId("consumer", applicationId, controlPlaneId);
    }

    /** The username of an application's consumer. */
    public static String consumerName(UUID applicationId) {
        return "portal-app-" + applicationId;
    }

    /** A stable entity id for what {@code parts} name. */
    public static UUID derivedId(Object... parts) {
        StringBuilder name = new StringBuilder("gatehouse-portal");
        for (Object part : parts) {
            name.append(':').append(part);
        }
        return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8));
    }
}
