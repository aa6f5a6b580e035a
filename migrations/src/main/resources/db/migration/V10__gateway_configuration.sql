-- Gateway configuration (control plane): control planes, their Kong-compatible entities, and the change log
-- that config sync reads. See docs/ARCHITECTURE.md, "Gateway configuration (control plane)".

CREATE TABLE gw_control_plane (
    id           uuid PRIMARY KEY,
    org_id       uuid          NOT NULL REFERENCES platform_organization (id) ON DELETE CASCADE,
    name         varchar(100)  NOT NULL,
    description  varchar(1000),
    labels       jsonb         NOT NULL DEFAULT '{}'::jsonb,
    -- Bumped by every write to the control plane's entities, in the writing transaction.
    revision     bigint        NOT NULL DEFAULT 0,
    created_at   timestamptz   NOT NULL,
    updated_at   timestamptz   NOT NULL,
    version      bigint        NOT NULL DEFAULT 0,
    CONSTRAINT gw_control_plane_name_key UNIQUE (org_id, name)
);

-- One table for every entity type: the validated definition is the jsonb document; what PostgreSQL must
-- enforce (identity, names, references between entities) lives in columns. References use the default
-- NO ACTION rule (checked at the end of the statement) so that deleting a whole control plane cascades,
-- while deleting a service that routes still use fails with a foreign-key violation (a 409 in the API).
CREATE TABLE gw_entity (
    id                 uuid PRIMARY KEY,
    org_id             uuid          NOT NULL,
    control_plane_id   uuid          NOT NULL REFERENCES gw_control_plane (id) ON DELETE CASCADE,
    entity_type        varchar(32)   NOT NULL,
    name               varchar(255),
    tags               text[]        NOT NULL DEFAULT '{}',
    document           jsonb         NOT NULL,
    service_id         uuid CONSTRAINT gw_entity_service_fk REFERENCES gw_entity (id),
    route_id           uuid CONSTRAINT gw_entity_route_fk REFERENCES gw_entity (id),
    consumer_id        uuid CONSTRAINT gw_entity_consumer_fk REFERENCES gw_entity (id),
    upstream_id        uuid CONSTRAINT gw_entity_upstream_fk REFERENCES gw_entity (id),
    consumer_group_id  uuid CONSTRAINT gw_entity_consumer_group_fk REFERENCES gw_entity (id),
    certificate_id     uuid CONSTRAINT gw_entity_certificate_fk REFERENCES gw_entity (id),
    created_at         timestamptz   NOT NULL,
    updated_at         timestamptz   NOT NULL,
    version            bigint        NOT NULL DEFAULT 0
);
-- Names are unique per control plane and type; the same index serves lookups by name.
CREATE UNIQUE INDEX gw_entity_name_key ON gw_entity (control_plane_id, entity_type, name) WHERE name IS NOT NULL;
-- Keyset paging: WHERE control_plane_id = ? AND entity_type = ? AND id > ? ORDER BY id LIMIT n.
CREATE INDEX gw_entity_page_idx ON gw_entity (control_plane_id, entity_type, id);
CREATE INDEX gw_entity_tags_idx ON gw_entity USING gin (tags);
-- A plugin runs at most once per scope (global, service, route, consumer and their combinations).
CREATE UNIQUE INDEX gw_entity_plugin_scope_key ON gw_entity (control_plane_id, (document ->> 'name'),
        coalesce(service_id, '00000000-0000-0000-0000-000000000000'::uuid),
        coalesce(route_id, '00000000-0000-0000-0000-000000000000'::uuid),
        coalesce(consumer_id, '00000000-0000-0000-0000-000000000000'::uuid),
        coalesce(consumer_group_id, '00000000-0000-0000-0000-000000000000'::uuid))
    WHERE entity_type = 'plugin';
-- The reference columns are indexed so that the foreign-key checks on delete and nested listings are fast.
CREATE INDEX gw_entity_service_idx ON gw_entity (service_id) WHERE service_id IS NOT NULL;
CREATE INDEX gw_entity_route_idx ON gw_entity (route_id) WHERE route_id IS NOT NULL;
CREATE INDEX gw_entity_consumer_idx ON gw_entity (consumer_id) WHERE consumer_id IS NOT NULL;
CREATE INDEX gw_entity_upstream_idx ON gw_entity (upstream_id) WHERE upstream_id IS NOT NULL;
CREATE INDEX gw_entity_consumer_group_idx ON gw_entity (consumer_group_id) WHERE consumer_group_id IS NOT NULL;
CREATE INDEX gw_entity_certificate_idx ON gw_entity (certificate_id) WHERE certificate_id IS NOT NULL;

-- The change log: one row per entity written, stamped with the revision of the writing transaction.
-- Config sync reads "everything after revision N" for a control plane.
CREATE TABLE gw_change (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id            uuid         NOT NULL,
    control_plane_id  uuid         NOT NULL REFERENCES gw_control_plane (id) ON DELETE CASCADE,
    revision          bigint       NOT NULL,
    entity_type       varchar(32)  NOT NULL,
    entity_id         uuid         NOT NULL,
    op                varchar(8)   NOT NULL CHECK (op IN ('create', 'update', 'delete')),
    changed_at        timestamptz  NOT NULL
);
CREATE INDEX gw_change_revision_idx ON gw_change (control_plane_id, revision);

ALTER TABLE gw_control_plane ENABLE ROW LEVEL SECURITY;
ALTER TABLE gw_control_plane FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON gw_control_plane
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

ALTER TABLE gw_entity ENABLE ROW LEVEL SECURITY;
ALTER TABLE gw_entity FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON gw_entity
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

ALTER TABLE gw_change ENABLE ROW LEVEL SECURITY;
ALTER TABLE gw_change FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON gw_change
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());
