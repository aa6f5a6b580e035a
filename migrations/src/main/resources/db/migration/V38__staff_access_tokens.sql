-- Staff personal access tokens: a platform-staff user's token for the staff API (/api/v1/support/staff/**,
-- /api/v1/platform/**). It is bound to no organization and carries a platform role instead of an org role;
-- the role is re-capped by the user's current platform role on every use. An org token stays as before.
ALTER TABLE platform_access_token ALTER COLUMN org_id DROP NOT NULL;
ALTER TABLE platform_access_token ALTER COLUMN role DROP NOT NULL;
ALTER TABLE platform_access_token
    ADD COLUMN platform_role varchar(24) CHECK (platform_role IN ('PLATFORM_ADMIN', 'SUPPORT_ENGINEER'));
ALTER TABLE platform_access_token ADD CONSTRAINT platform_access_token_kind CHECK (
    (org_id IS NOT NULL AND role IS NOT NULL AND platform_role IS NULL)
    OR (org_id IS NULL AND role IS NULL AND platform_role IS NOT NULL));
