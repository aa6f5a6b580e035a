-- Foundation: the application role, row-level-security helpers, organizations, users, memberships, audit.
--
-- Migrations run as the schema owner. The application connects as that owner too but switches to the
-- role gatehouse_app (SET ROLE, see GATEHOUSE_DB_* in docs/OPERATIONS.md), which owns nothing, so that
-- row-level security applies to every query the application makes.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gatehouse_app') THEN
        CREATE ROLE gatehouse_app NOLOGIN;
    END IF;
END
$$;
GRANT gatehouse_app TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO gatehouse_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO gatehouse_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO gatehouse_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO gatehouse_app;

-- The tenant scope of the current transaction, set with set_config(..., true) by the application at the
-- start of every transaction. Unset means no tenant: policies then match nothing (fail closed).
CREATE FUNCTION app_current_org() RETURNS uuid
    LANGUAGE sql STABLE AS $$ SELECT NULLIF(current_setting('app.org_id', true), '')::uuid $$;
CREATE FUNCTION app_current_user() RETURNS uuid
    LANGUAGE sql STABLE AS $$ SELECT NULLIF(current_setting('app.user_id', true), '')::uuid $$;
-- Platform scope: trusted server code working across tenants (staff queue, sync hub, scheduled jobs).
CREATE FUNCTION app_platform_scope() RETURNS boolean
    LANGUAGE sql STABLE AS $$ SELECT coalesce(current_setting('app.scope', true), '') = 'platform' $$;

CREATE TABLE platform_user (
    id              uuid PRIMARY KEY,
    email           varchar(254) NOT NULL,
    display_name    varchar(200) NOT NULL,
    password_hash   varchar(200),
    platform_role   varchar(32),
    enabled         boolean      NOT NULL DEFAULT true,
    created_at      timestamptz  NOT NULL,
    version         bigint       NOT NULL DEFAULT 0,
    CONSTRAINT platform_user_role_check CHECK (platform_role IN ('PLATFORM_ADMIN', 'SUPPORT_ENGINEER'))
);
CREATE UNIQUE INDEX platform_user_email_key ON platform_user (lower(email));

CREATE TABLE platform_organization (
    id          uuid PRIMARY KEY,
    slug        varchar(63)  NOT NULL UNIQUE,
    name        varchar(200) NOT NULL,
    created_at  timestamptz  NOT NULL,
    version     bigint       NOT NULL DEFAULT 0
);

CREATE TABLE platform_membership (
    id          uuid PRIMARY KEY,
    org_id      uuid        NOT NULL REFERENCES platform_organization (id) ON DELETE CASCADE,
    user_id     uuid        NOT NULL REFERENCES platform_user (id) ON DELETE CASCADE,
    role        varchar(16) NOT NULL CHECK (role IN ('ADMIN', 'EDITOR', 'VIEWER')),
    created_at  timestamptz NOT NULL,
    version     bigint      NOT NULL DEFAULT 0,
    UNIQUE (org_id, user_id)
);
CREATE INDEX platform_membership_user_idx ON platform_membership (user_id);

CREATE TABLE platform_audit_event (
    id           uuid PRIMARY KEY,
    org_id       uuid REFERENCES platform_organization (id) ON DELETE CASCADE,
    occurred_at  timestamptz  NOT NULL,
    actor_type   varchar(16)  NOT NULL,
    actor_id     varchar(64),
    actor_name   varchar(254),
    action       varchar(32)  NOT NULL,
    entity_type  varchar(64)  NOT NULL,
    entity_id    varchar(128),
    changes      jsonb        NOT NULL DEFAULT '{}'::jsonb,
    ip           varchar(64),
    user_agent   varchar(512)
);
CREATE INDEX platform_audit_event_org_time_idx ON platform_audit_event (org_id, occurred_at DESC);

-- Row-level security. FORCE makes it apply to the table owner as well.
ALTER TABLE platform_membership ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform_membership FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform_membership
    USING (org_id = app_current_org() OR user_id = app_current_user() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

ALTER TABLE platform_organization ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform_organization FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform_organization
    USING (id = app_current_org() OR app_platform_scope()
           OR id IN (SELECT m.org_id FROM platform_membership m WHERE m.user_id = app_current_user()))
    WITH CHECK (id = app_current_org() OR app_platform_scope());

ALTER TABLE platform_audit_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform_audit_event FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform_audit_event
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());
