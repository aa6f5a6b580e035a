-- Support desk: products and their version catalogue (global), support subscriptions and customer
-- contacts (tenant-owned, row-level security as in V1).

CREATE TABLE support_product (
    code                  varchar(40)  PRIMARY KEY,
    name                  varchar(120) NOT NULL,
    -- How version support is decided (support policy section 7): GATEWAY_ENTERPRISE (LTS 3 years, minors
    -- 1 year, +12 months upgrade assistance), MESH (12 months from a major's first release, +6 months),
    -- CURRENT_ONLY (Insomnia: the latest release only), ALWAYS (the hosted platform itself).
    version_policy        varchar(24)  NOT NULL CHECK (version_policy IN ('GATEWAY_ENTERPRISE', 'MESH', 'CURRENT_ONLY', 'ALWAYS')),
    -- The most urgent severity a ticket may have (Insomnia products: 3, i.e. severity 3 or 4 only).
    most_urgent_severity  smallint     NOT NULL DEFAULT 1 CHECK (most_urgent_severity BETWEEN 1 AND 4),
    version               bigint       NOT NULL DEFAULT 0
);
INSERT INTO support_product (code, name, version_policy, most_urgent_severity) VALUES
    ('gateway-enterprise', 'Gateway Enterprise', 'GATEWAY_ENTERPRISE', 1),
    ('mesh',               'Mesh',               'MESH',               1),
    ('insomnia',           'Insomnia',           'CURRENT_ONLY',       3),
    ('gatehouse',          'Gatehouse platform', 'ALWAYS',             1);

CREATE TABLE support_product_version (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    product      varchar(40) NOT NULL REFERENCES support_product (code) ON DELETE CASCADE,
    name         varchar(40) NOT NULL,
    released_on  date        NOT NULL,
    lts          boolean     NOT NULL DEFAULT false,
    version      bigint      NOT NULL DEFAULT 0,
    UNIQUE (product, name)
);

CREATE TABLE support_subscription (
    id            uuid PRIMARY KEY,
    org_id        uuid        NOT NULL UNIQUE REFERENCES platform_organization (id) ON DELETE CASCADE,
    coverage      varchar(16) NOT NULL CHECK (coverage IN ('BUSINESS_HOURS', 'ALWAYS')),
    region        varchar(16) NOT NULL CHECK (region IN ('AMERICAS', 'EMEA', 'AP_ANZ')),
    max_contacts  integer CHECK (max_contacts IS NULL OR max_contacts > 0),
    starts_on     date        NOT NULL,
    ends_on       date        NOT NULL,
    created_at    timestamptz NOT NULL,
    version       bigint      NOT NULL DEFAULT 0,
    CHECK (ends_on >= starts_on)
);

CREATE TABLE support_subscription_product (
    org_id    uuid        NOT NULL REFERENCES platform_organization (id) ON DELETE CASCADE,
    product   varchar(40) NOT NULL REFERENCES support_product (code),
    PRIMARY KEY (org_id, product)
);

CREATE TABLE support_contact (
    id                 uuid PRIMARY KEY,
    org_id             uuid        NOT NULL REFERENCES platform_organization (id) ON DELETE CASCADE,
    user_id            uuid        NOT NULL REFERENCES platform_user (id) ON DELETE CASCADE,
    training_required  boolean     NOT NULL DEFAULT false,
    created_at         timestamptz NOT NULL,
    version            bigint      NOT NULL DEFAULT 0,
    UNIQUE (org_id, user_id)
);

ALTER TABLE support_subscription ENABLE ROW LEVEL SECURITY;
ALTER TABLE support_subscription FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON support_subscription
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

ALTER TABLE support_subscription_product ENABLE ROW LEVEL SECURITY;
ALTER TABLE support_subscription_product FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON support_subscription_product
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

ALTER TABLE support_contact ENABLE ROW LEVEL SECURITY;
ALTER TABLE support_contact FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON support_contact
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());
