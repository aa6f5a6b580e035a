-- Each entity's wire form, stored with the row version it was made from: what config sync sends for it and
-- hashes. wire_document is the canonical JSON (io.gatehouse.gateway.config.ConfigHash) of the entity's normal form,
-- with its id and references as {"id": …}; wire_digest is the entity's ConfigHash digest. The write path sets
-- both in the same statement as the document, so a snapshot on any replica is a read and a concatenation, not
-- 100,000 normalisations. NULL means "not made yet" (rows written before this migration or by plain SQL): the
-- hub makes it on first read and stores it, guarded by the row version it read (see PlaneConfigs). The columns
-- are gw_entity's, so its tenant_isolation policy (V10) and gatehouse_app's grants cover them as they are.
ALTER TABLE gw_entity ADD COLUMN wire_digest bytea;
ALTER TABLE gw_entity ADD COLUMN wire_document text;
-- Both or neither: a form is stored and cleared as a whole.
ALTER TABLE gw_entity ADD CONSTRAINT gw_entity_wire_form_check CHECK ((wire_digest IS NULL) = (wire_document IS NULL));

-- A wire form must never outlive the stored version it was made from: an update that changes what the wire form
-- is made from (type, document, references) and does not bring its own wire form clears it, so an UPDATE
-- written by hand (or by an older release) cannot leave a stale one behind. The application's writes always
-- bring theirs; one that happens to equal the previous form is cleared too and simply made again on first read.
CREATE FUNCTION gw_entity_wire_form_guard() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.entity_type, NEW.document, NEW.service_id, NEW.route_id, NEW.consumer_id, NEW.upstream_id,
            NEW.consumer_group_id, NEW.certificate_id)
        IS DISTINCT FROM (OLD.entity_type, OLD.document, OLD.service_id, OLD.route_id, OLD.consumer_id,
            OLD.upstream_id, OLD.consumer_group_id, OLD.certificate_id)
        AND NEW.wire_digest IS NOT DISTINCT FROM OLD.wire_digest
        AND NEW.wire_document IS NOT DISTINCT FROM OLD.wire_document THEN
        NEW.wire_digest := NULL;
        NEW.wire_document := NULL;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER gw_entity_wire_form_guard BEFORE UPDATE ON gw_entity
    FOR EACH ROW EXECUTE FUNCTION gw_entity_wire_form_guard();
