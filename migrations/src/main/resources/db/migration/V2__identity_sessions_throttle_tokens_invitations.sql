-- Identity: console sessions (Spring Session JDBC), login throttling, personal access tokens, invitations.

-- Console sessions live in the database so that any control-plane replica can serve any request.
-- Table and column names are the ones Spring Session JDBC expects (its PostgreSQL schema).
CREATE TABLE spring_session (
    primary_id             char(36)     NOT NULL,
    session_id             char(36)     NOT NULL,
    creation_time          bigint       NOT NULL,
    last_access_time       bigint       NOT NULL,
    max_inactive_interval  int          NOT NULL,
    expiry_time            bigint       NOT NULL,
    principal_name         varchar(100),
    CONSTRAINT spring_session_pk PRIMARY KEY (primary_id)
);
CREATE UNIQUE INDEX spring_session_ix1 ON spring_session (session_id);
CREATE INDEX spring_session_ix2 ON spring_session (expiry_time);
CREATE INDEX spring_session_ix3 ON spring_session (principal_name);

CREATE TABLE spring_session_attributes (
    session_primary_id  char(36)     NOT NULL,
    attribute_name      varchar(200) NOT NULL,
    attribute_bytes     bytea        NOT NULL,
    CONSTRAINT spring_session_attributes_pk PRIMARY KEY (session_primary_id, attribute_name),
    CONSTRAINT spring_session_attributes_fk FOREIGN KEY (session_primary_id)
        REFERENCES spring_session (primary_id) ON DELETE CASCADE
);

-- Failed sign-ins per account ('account:<email>') and per client address ('ip:<address>'), shared by all
-- replicas. Not tenant-owned: sign-in happens before any organization is known.
CREATE TABLE platform_login_throttle (
    throttle_key       varchar(300) PRIMARY KEY,
    failures           int          NOT NULL,
    window_started_at  timestamptz  NOT NULL,
    locked_until       timestamptz
);

-- Personal access tokens: only the SHA-256 of the token is stored. Bound to one organization; a user sees
-- their own tokens across organizations, an organization its tokens.
CREATE TABLE platform_access_token (
    id            uuid PRIMARY KEY,
    org_id        uuid         NOT NULL REFERENCES platform_organization (id) ON DELETE CASCADE,
    user_id       uuid         NOT NULL REFERENCES platform_user (id) ON DELETE CASCADE,
    name          varchar(100) NOT NULL,
    token_hash    varchar(64)  NOT NULL UNIQUE,
    token_hint    varchar(16)  NOT NULL,
    role          varchar(16)  NOT NULL CHECK (role IN ('ADMIN', 'EDITOR', 'VIEWER')),
    created_at    timestamptz  NOT NULL,
    expires_at    timestamptz,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX platform_access_token_user_idx ON platform_access_token (user_id);
CREATE INDEX platform_access_token_org_idx ON platform_access_token (org_id);

ALTER TABLE platform_access_token ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform_access_token FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform_access_token
    USING (org_id = app_current_org() OR user_id = app_current_user() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

-- Invitations by email link: only the SHA-256 of the link's token is stored.
CREATE TABLE platform_invitation (
    id           uuid PRIMARY KEY,
    org_id       uuid         NOT NULL REFERENCES platform_organization (id) ON DELETE CASCADE,
    email        varchar(254) NOT NULL,
    role         varchar(16)  NOT NULL CHECK (role IN ('ADMIN', 'EDITOR', 'VIEWER')),
    token_hash   varchar(64)  NOT NULL UNIQUE,
    invited_by   varchar(254),
    created_at   timestamptz  NOT NULL,
    expires_at   timestamptz  NOT NULL,
    accepted_at  timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX platform_invitation_org_idx ON platform_invitation (org_id, created_at DESC);

ALTER TABLE platform_invitation ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform_invitation FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform_invitation
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());
