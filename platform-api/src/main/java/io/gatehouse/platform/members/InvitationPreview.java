package io.gatehouse.platform.members;

import io.gatehouse.platform.identity.OrgRole;

/**
 * What the invitation page shows to whoever holds a valid link.
 *
 * @param existingAccount whether an account with the invited email exists (then: sign in and accept)
 */
public record InvitationPreview(String organizationName, String organizationSlug, String email, OrgRole role,
        String invitedBy, boolean existingAccount) {
}
