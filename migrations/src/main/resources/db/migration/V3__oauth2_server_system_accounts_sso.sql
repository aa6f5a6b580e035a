-- The platform as its own OAuth2 issuer: Spring Authorization Server's tables (names it expects, PostgreSQL
-- types as its schema notes advise), the signing keys shared by all replicas, system accounts per
-- organization and per-organization single sign-on.

CREATE TABLE oauth2_registered_client (
    id                             varchar(100)  NOT NULL PRIMARY KEY,
    client_id                      varchar(100)  NOT NULL UNIQUE,
    client_id_issued_at            timestamptz   NOT NULL DEFAULT CURRENT_TIMESTAMP,
    client_secret                  varchar(200),
    client_secret_expires_at       timestamptz,
    client_name                    varchar(200)  NOT NULL,
    client_authentication_methods  varchar(1000) NOT NULL,
    authorization_grant_types      varchar(1000) NOT NULL,
    redirect_uris                  varchar(1000),
    post_logout_redirect_uris      varchar(1000),
    scopes                         varchar(1000) NOT NULL,
    client_settings                varchar(2000) NOT NULL,
    token_settings                 varchar(2000) NOT NULL
);

CREATE TABLE oauth2_authorization (
    id                             varchar(100) NOT NULL PRIMARY KEY,
    registered_client_id           varchar(100) NOT NULL,
    principal_name                 varchar(200) NOT NULL,
    authorization_grant_type       varchar(100) NOT NULL,
    authorized_scopes              varchar(1000),
    attributes                     text,
    state                          varchar(500),
    authorization_code_value       text,
    authorization_code_issued_at   timestamptz,
    authorization_code_expires_at  timestamptz,
    authorization_code_metadata    text,
    access_token_value             text,
    access_token_issued_at         timestamptz,
    access_token_expires_at        timestamptz,
    access_token_metadata          text,
    access_token_type              varchar(100),
    access_token_scopes            varchar(1000),
    oidc_id_token_value            text,
    oidc_id_token_issued_at        timestamptz,
    oidc_id_token_expires_at       timestamptz,
    oidc_id_token_metadata         text,
    refresh_token_value            text,
    refresh_token_issued_at        timestamptz,
    refresh_token_expires_at       timestamptz,
    refresh_token_metadata         text,
    user_code_value                text,
    user_code_issued_at            timestamptz,
    user_code_expires_at           timestamptz,
    user_code_metadata             text,
    device_code_value              text,
    device_code_issued_at          timestamptz,
    device_code_expires_at         timestamptz,
    device_code_metadata           text
);
CREATE INDEX oauth2_authorization_expiry_idx ON oauth2_authorization (access_token_expires_at);

CREATE TABLE oauth2_authorization_consent (
    registered_client_id  varchar(100)  NOT NULL,
    principal_name        varchar(200)  NOT NULL,
    authorities           varchar(1000) NOT NULL,
    PRIMARY KEY (registered_client_id, principal_name)
);

-- RSA keys that sign the platform's JWTs. Every replica signs and verifies with the same keys.
CREATE TABLE platform_signing_key (
    kid          varchar(64) PRIMARY KEY,
    public_key   text        NOT NULL,
    private_key  text        NOT NULL,
    created_at   timestamptz NOT NULL
);

-- A symmetric key that encrypts stored third-party secrets (SSO client secrets) when the operator does not
-- supply GATEHOUSE_ENCRYPTION_KEY.
CREATE TABLE platform_encryption_key (
    id          int PRIMARY KEY CHECK (id = 1),
    key_value   text        NOT NULL,
    created_at  timestamptz NOT NULL
);

-- A system account is an OAuth2 client (oauth2_registered_client, client_credentials) owned by one organization.
CREATE TABLE platform_system_account (
    id          uuid PRIMARY KEY,
    org_id      uuid         NOT NULL REFERENCES platform_organization (id) ON DELETE CASCADE,
    client_id   varchar(100) NOT NULL UNIQUE,
    name        varchar(100) NOT NULL,
    role        varchar(16)  NOT NULL CHECK (role IN ('ADMIN', 'EDITOR', 'VIEWER')),
    created_at  timestamptz  NOT NULL,
    created_by  varchar(254)
);
CREATE INDEX platform_system_account_org_idx ON platform_system_account (org_id);

ALTER TABLE platform_system_account ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform_system_account FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform_system_account
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

-- Optional single sign-on of an organization with its own OpenID Connect provider.
CREATE TABLE platform_sso_connection (
    org_id                   uuid PRIMARY KEY REFERENCES platform_organization (id) ON DELETE CASCADE,
    issuer                   varchar(500) NOT NULL,
    client_id                varchar(200) NOT NULL,
    client_secret_encrypted  text         NOT NULL,
    enabled                  boolean      NOT NULL,
    updated_at               timestamptz  NOT NULL,
    version                  bigint       NOT NULL DEFAULT 0
);

ALTER TABLE platform_sso_connection ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform_sso_connection FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform_sso_connection
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());
