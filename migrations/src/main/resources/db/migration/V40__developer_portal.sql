-- Developer portal: API products and their versions, docs pages and access plans; per-organization portal
-- settings; developers (identities of one portal, apart from console users); their applications,
-- registrations (app x product version x plan) and credentials. See docs/ARCHITECTURE.md, "Developer portal".
-- Every table carries org_id with the standard row-level-security policy.

CREATE TABLE portal_settings (
    org_id                 uuid PRIMARY KEY REFERENCES platform_organization (id) ON DELETE CASCADE,
    -- public: anyone may browse the catalogue; private: only signed-in developers see anything.
    visibility             varchar(16)   NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'private')),
    display_name           varchar(100),
    logo_url               varchar(1000),
    primary_color          varchar(7),
    accent_color           varchar(7),
    developer_auto_approve boolean       NOT NULL DEFAULT true,
    custom_host            varchar(253),
    updated_at             timestamptz   NOT NULL,
    version                bigint        NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX portal_settings_host_key ON portal_settings (lower(custom_host)) WHERE custom_host IS NOT NULL;

CREATE TABLE portal_product (
    id           uuid PRIMARY KEY,
    org_id       uuid          NOT NULL REFERENCES platform_organization (id) ON DELETE CASCADE,
    slug         varchar(100)  NOT NULL,
    name         varchar(200)  NOT NULL,
    description  varchar(4000),
    created_at   timestamptz   NOT NULL,
    updated_at   timestamptz   NOT NULL,
    CONSTRAINT portal_product_slug_key UNIQUE (org_id, slug)
);

-- A version is what developers register for: linked to one gateway service (an entity of gw_entity, kept
-- by id without a foreign key so that the gateway configuration stays editable on its own).
CREATE TABLE portal_product_version (
    id                uuid PRIMARY KEY,
    org_id            uuid          NOT NULL,
    product_id        uuid          NOT NULL REFERENCES portal_product (id) ON DELETE CASCADE,
    name              varchar(50)   NOT NULL,
    control_plane_id  uuid          NOT NULL REFERENCES gw_control_plane (id),
    service_id        uuid          NOT NULL,
    status            varchar(16)   NOT NULL CHECK (status IN ('draft', 'published', 'deprecated', 'retired')),
    sunset_at         timestamptz,
    openapi_document  text,
    openapi_source    varchar(2000),
    openapi_title     varchar(300),
    created_at        timestamptz   NOT NULL,
    updated_at        timestamptz   NOT NULL,
    CONSTRAINT portal_product_version_name_key UNIQUE (product_id, name)
);
CREATE INDEX portal_product_version_service_idx ON portal_product_version (control_plane_id, service_id);

CREATE TABLE portal_doc_page (
    id          uuid PRIMARY KEY,
    org_id      uuid          NOT NULL,
    version_id  uuid          NOT NULL REFERENCES portal_product_version (id) ON DELETE CASCADE,
    slug        varchar(100)  NOT NULL,
    title       varchar(200)  NOT NULL,
    markdown    text          NOT NULL,
    position    integer       NOT NULL DEFAULT 0,
    updated_at  timestamptz   NOT NULL,
    CONSTRAINT portal_doc_page_slug_key UNIQUE (version_id, slug)
);

CREATE TABLE portal_plan (
    id                     uuid PRIMARY KEY,
    org_id                 uuid          NOT NULL,
    version_id             uuid          NOT NULL REFERENCES portal_product_version (id) ON DELETE CASCADE,
    name                   varchar(100)  NOT NULL,
    description            varchar(2000),
    auth                   varchar(32)   NOT NULL CHECK (auth IN ('key-auth', 'oauth2-client-credentials')),
    approval               varchar(16)   NOT NULL CHECK (approval IN ('auto', 'manual')),
    rate_limit_per_minute  integer       CHECK (rate_limit_per_minute > 0),
    created_at             timestamptz   NOT NULL,
    CONSTRAINT portal_plan_name_key UNIQUE (version_id, name)
);

CREATE TABLE portal_developer (
    id                 uuid PRIMARY KEY,
    org_id             uuid          NOT NULL REFERENCES platform_organization (id) ON DELETE CASCADE,
    email              varchar(254)  NOT NULL,
    name               varchar(200)  NOT NULL,
    password_hash      varchar(255)  NOT NULL,
    -- unverified (email not confirmed) -> pending (awaits an admin) -> active; rejected; suspended.
    status             varchar(16)   NOT NULL CHECK (status IN ('unverified', 'pending', 'active', 'rejected', 'suspended')),
    email_verified_at  timestamptz,
    created_at         timestamptz   NOT NULL,
    updated_at         timestamptz   NOT NULL
);
CREATE UNIQUE INDEX portal_developer_email_key ON portal_developer (org_id, lower(email));

-- One-time links mailed to developers: email verification and password reset. SHA-256 of the token only.
CREATE TABLE portal_developer_token (
    id            uuid PRIMARY KEY,
    org_id        uuid          NOT NULL,
    developer_id  uuid          NOT NULL REFERENCES portal_developer (id) ON DELETE CASCADE,
    purpose       varchar(16)   NOT NULL CHECK (purpose IN ('verify', 'reset')),
    token_hash    char(64)      NOT NULL,
    expires_at    timestamptz   NOT NULL,
    used_at       timestamptz,
    CONSTRAINT portal_developer_token_hash_key UNIQUE (token_hash)
);

CREATE TABLE portal_application (
    id            uuid PRIMARY KEY,
    org_id        uuid          NOT NULL,
    developer_id  uuid          NOT NULL REFERENCES portal_developer (id) ON DELETE CASCADE,
    name          varchar(100)  NOT NULL,
    description   varchar(2000),
    created_at    timestamptz   NOT NULL,
    updated_at    timestamptz   NOT NULL
);
CREATE UNIQUE INDEX portal_application_name_key ON portal_application (developer_id, lower(name));

CREATE TABLE portal_registration (
    id              uuid PRIMARY KEY,
    org_id          uuid          NOT NULL,
    application_id  uuid          NOT NULL REFERENCES portal_application (id) ON DELETE CASCADE,
    version_id      uuid          NOT NULL REFERENCES portal_product_version (id) ON DELETE CASCADE,
    plan_id         uuid          NOT NULL REFERENCES portal_plan (id) ON DELETE CASCADE,
    status          varchar(16)   NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'revoked')),
    reason          varchar(2000),
    requested_at    timestamptz   NOT NULL,
    decided_at      timestamptz,
    decided_by      varchar(255)
);
-- At most one live (pending or approved) registration of an application for a product version.
CREATE UNIQUE INDEX portal_registration_live_key ON portal_registration (application_id, version_id)
    WHERE status IN ('pending', 'approved');
CREATE INDEX portal_registration_version_idx ON portal_registration (version_id);

CREATE TABLE portal_credential (
    id              uuid PRIMARY KEY,
    org_id          uuid          NOT NULL,
    application_id  uuid          NOT NULL REFERENCES portal_application (id) ON DELETE CASCADE,
    kind            varchar(32)   NOT NULL CHECK (kind IN ('api-key', 'oauth2-client')),
    display_prefix  varchar(16)   NOT NULL,
    -- api-key: SHA-256 of the key (what the gateways receive); oauth2-client: the client id.
    key_hash        char(64),
    client_id       varchar(100),
    created_at      timestamptz   NOT NULL,
    expires_at      timestamptz,
    revoked_at      timestamptz,
    replaced_by     uuid          REFERENCES portal_credential (id)
);
CREATE INDEX portal_credential_application_idx ON portal_credential (application_id);
CREATE UNIQUE INDEX portal_credential_hash_key ON portal_credential (key_hash) WHERE key_hash IS NOT NULL;

ALTER TABLE portal_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE portal_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON portal_settings
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

ALTER TABLE portal_product ENABLE ROW LEVEL SECURITY;
ALTER TABLE portal_product FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON portal_product
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

ALTER TABLE portal_product_version ENABLE ROW LEVEL SECURITY;
ALTER TABLE portal_product_version FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON portal_product_version
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

ALTER TABLE portal_doc_page ENABLE ROW LEVEL SECURITY;
ALTER TABLE portal_doc_page FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON portal_doc_page
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

ALTER TABLE portal_plan ENABLE ROW LEVEL SECURITY;
ALTER TABLE portal_plan FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON portal_plan
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

ALTER TABLE portal_developer ENABLE ROW LEVEL SECURITY;
ALTER TABLE portal_developer FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON portal_developer
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

ALTER TABLE portal_developer_token ENABLE ROW LEVEL SECURITY;
ALTER TABLE portal_developer_token FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON portal_developer_token
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

ALTER TABLE portal_application ENABLE ROW LEVEL SECURITY;
ALTER TABLE portal_application FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON portal_application
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

ALTER TABLE portal_registration ENABLE ROW LEVEL SECURITY;
ALTER TABLE portal_registration FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON portal_registration
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

ALTER TABLE portal_credential ENABLE ROW LEVEL SECURITY;
ALTER TABLE portal_credential FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON portal_credential
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());
