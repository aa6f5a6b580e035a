-- Config sync (control plane side): gateway tokens and the node registry. See docs/SYNC_PROTOCOL.md and
-- docs/ARCHITECTURE.md, "Config sync".

-- A gateway token authenticates the gateways of one control plane. Only a SHA-256 of the token is kept
-- (tokens are 256-bit random values, so a fast hash suffices); display_prefix lets people tell tokens apart.
CREATE TABLE gw_gateway_token (
    id                uuid PRIMARY KEY,
    org_id            uuid          NOT NULL REFERENCES platform_organization (id) ON DELETE CASCADE,
    control_plane_id  uuid          NOT NULL REFERENCES gw_control_plane (id) ON DELETE CASCADE,
    name              varchar(100)  NOT NULL,
    token_hash        char(64)      NOT NULL,
    display_prefix    varchar(16)   NOT NULL,
    created_at        timestamptz   NOT NULL,
    created_by        varchar(255),
    last_used_at      timestamptz,
    revoked_at        timestamptz,
    CONSTRAINT gw_gateway_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX gw_gateway_token_plane_idx ON gw_gateway_token (control_plane_id);

-- One row per gateway node (its self-chosen node id) and control plane: what it runs and how far it is.
CREATE TABLE gw_node (
    control_plane_id  uuid          NOT NULL REFERENCES gw_control_plane (id) ON DELETE CASCADE,
    id                varchar(64)   NOT NULL,
    org_id            uuid          NOT NULL,
    hostname          varchar(255)  NOT NULL,
    ip                varchar(64),
    version           varchar(64)   NOT NULL,
    protocol_version  integer       NOT NULL,
    plugins           text[]        NOT NULL DEFAULT '{}',
    token_id          uuid,
    revision          bigint        NOT NULL DEFAULT 0,
    config_hash       varchar(80)   NOT NULL DEFAULT '',
    -- The outcome of the last push: synced (acknowledged), nacked, incompatible or pending.
    sync_status       varchar(16)   NOT NULL,
    sync_error        text,
    first_seen        timestamptz   NOT NULL,
    connected_since   timestamptz,
    last_seen         timestamptz   NOT NULL,
    PRIMARY KEY (control_plane_id, id)
);
CREATE INDEX gw_node_last_seen_idx ON gw_node (last_seen);

ALTER TABLE gw_gateway_token ENABLE ROW LEVEL SECURITY;
ALTER TABLE gw_gateway_token FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON gw_gateway_token
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

ALTER TABLE gw_node ENABLE ROW LEVEL SECURITY;
ALTER TABLE gw_node FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON gw_node
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());
