-- Config sync: client certificates pinned to a control plane. A gateway presenting one of these on the sync
-- listener's TLS handshake is authenticated as a gateway of that control plane, instead of by a token. Only the
-- SHA-256 fingerprint of the certificate (DER) decides; subject and expiry are kept to show people which is which.
CREATE TABLE gw_gateway_certificate (
    id                uuid PRIMARY KEY,
    org_id            uuid          NOT NULL REFERENCES platform_organization (id) ON DELETE CASCADE,
    control_plane_id  uuid          NOT NULL REFERENCES gw_control_plane (id) ON DELETE CASCADE,
    name              varchar(100)  NOT NULL,
    fingerprint       char(64)      NOT NULL,
    subject           text          NOT NULL,
    not_after         timestamptz   NOT NULL,
    created_at        timestamptz   NOT NULL,
    created_by        varchar(255),
    last_used_at      timestamptz,
    -- One certificate authenticates for one control plane only.
    CONSTRAINT gw_gateway_certificate_fingerprint_key UNIQUE (fingerprint)
);
CREATE INDEX gw_gateway_certificate_plane_idx ON gw_gateway_certificate (control_plane_id);

ALTER TABLE gw_gateway_certificate ENABLE ROW LEVEL SECURITY;
ALTER TABLE gw_gateway_certificate FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON gw_gateway_certificate
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());
