-- A gateway refuses a config where two consumers share a custom_id (the config language's uniqueness rule), so
-- the control plane must refuse to store one: otherwise it accepts a write every gateway then NACKs.
-- A control plane that already holds such a pair (its gateways NACK it today) keeps it until someone fixes it:
-- the index is then created by a later start, never half-applied, and the start does not fail.
DO $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM gw_entity
        WHERE entity_type = 'consumer' AND document ->> 'custom_id' IS NOT NULL
        GROUP BY control_plane_id, document ->> 'custom_id' HAVING count(*) > 1
    ) THEN
        RAISE WARNING 'gw_entity holds consumers sharing a custom_id in one control plane; '
            'their gateways refuse that config. Fix them, then create gw_entity_custom_id_key (see V37).';
    ELSE
        CREATE UNIQUE INDEX gw_entity_custom_id_key ON gw_entity (control_plane_id, (document ->> 'custom_id'))
            WHERE entity_type = 'consumer' AND document ->> 'custom_id' IS NOT NULL;
    END IF;
END
$$;
