package io.gatehouse.support.catalog;

/** How long a product's versions are supported (support policy, section 7). */
public enum VersionPolicy {
    /** LTS versions 3 years from release, other minors 1 year; then 12 months of upgrade assistance. */
    GATEWAY_ENTERPRISE,
    /** 12 months from the first release of the major version; then 6 months of upgrade assistance. */
    MESH,
    /** Only the most recent release is supported (Insomnia). */
    CURRENT_ONLY,
    /** Hosted software with one version: always supported. */
    ALWAYS
}
