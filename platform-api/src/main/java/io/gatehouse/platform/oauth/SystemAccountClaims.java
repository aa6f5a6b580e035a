package io.gatehouse.platform.oauth;

/** Names of the custom claims in the platform's JWTs and of the client settings they come from. */
final class SystemAccountClaims {

    /** The organization (id) the token acts in; absent for a platform system account. */
    static final String ORG = "org";
    /** The roles of the token: one org role, and/or a platform staff role. */
    static final String ROLES = "roles";
    /** The system account's display name. */
    static final String NAME = "name";
    /** The developer-portal application (id) an application client's token stands for. */
    static final String APP = "app";

    static final String SETTING_ORG = "settings.gatehouse.org";
    static final String SETTING_ROLE = "settings.gatehouse.role";
    static final String SETTING_PLATFORM_ROLE = "settings.gatehouse.platform-role";
    /** Marks a client of a developer-portal application ({@link ApplicationClients}), never a system account. */
    static final String SETTING_PORTAL_APP = "settings.gatehouse.portal-app";
    static final String SETTING_PORTAL_ORG = "settings.gatehouse.portal-org";

    private SystemAccountClaims() {
    }
}
