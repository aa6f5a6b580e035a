-- OAuth2 clients of portal applications: a client id names one credential, platform-wide (it is the
-- authorization server's client id and the key of the gateways' jwt credential).
CREATE UNIQUE INDEX portal_credential_client_key ON portal_credential (client_id) WHERE client_id IS NOT NULL;
-- At most one working OAuth2 client per application (its secret rotates in place), even under concurrent requests.
CREATE UNIQUE INDEX portal_credential_one_client ON portal_credential (application_id)
    WHERE kind = 'oauth2-client' AND revoked_at IS NULL;
