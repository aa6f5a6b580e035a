-- What a gateway requires to be unique among credentials and targets, enforced where they are stored:
-- a key-auth key (by its hash) once per control plane, an ACL group once per consumer, a target once per upstream.
CREATE UNIQUE INDEX gw_entity_key_hash_key ON gw_entity (control_plane_id, (document ->> 'key_hash'))
    WHERE entity_type = 'keyauth_credential';
CREATE UNIQUE INDEX gw_entity_acl_group_key ON gw_entity (consumer_id, (document ->> 'group'))
    WHERE entity_type = 'acl';
CREATE UNIQUE INDEX gw_entity_target_key ON gw_entity (upstream_id, (document ->> 'target'))
    WHERE entity_type = 'target';
