package io.gatehouse.platform.identity;

/** Roles of platform staff, separate from any organization's roles. */
public enum PlatformRole {
    /** Operates the platform: may act in every organization. */
    PLATFORM_ADMIN,
    /** Works the support desk across tenants; has no rights in organizations' configuration. */
    SUPPORT_ENGINEER
}
