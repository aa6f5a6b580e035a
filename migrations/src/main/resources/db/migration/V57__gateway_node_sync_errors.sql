-- The sync errors of each gateway node (NACKs and incompatibilities), newest kept: gw_node.sync_error holds only
-- the last one, so a node that NACKed twice and then synced showed nothing of what went wrong. The registry keeps
-- at most gatehouse.sync.node-error-history rows per node (default 20); they go with the node (forget, purge,
-- control plane deleted).
CREATE TABLE gw_node_sync_error (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    control_plane_id  uuid          NOT NULL,
    node_id           varchar(64)   NOT NULL,
    org_id            uuid          NOT NULL,
    -- The revision the gateway refused (NACK), or the control plane's revision it cannot run (incompatible).
    revision          bigint        NOT NULL,
    kind              varchar(16)   NOT NULL,
    error             text          NOT NULL,
    occurred_at       timestamptz   NOT NULL,
    FOREIGN KEY (control_plane_id, node_id) REFERENCES gw_node (control_plane_id, id) ON DELETE CASCADE
);
CREATE INDEX gw_node_sync_error_node_idx ON gw_node_sync_error (control_plane_id, node_id, id DESC);

ALTER TABLE gw_node_sync_error ENABLE ROW LEVEL SECURITY;
ALTER TABLE gw_node_sync_error FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON gw_node_sync_error
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());
