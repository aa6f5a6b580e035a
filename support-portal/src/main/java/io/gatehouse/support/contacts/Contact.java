package io.gatehouse.support.contacts;

import java.util.UUID;

import io.gatehouse.platform.tenancy.OrgId;

/** A designated customer contact: an org user allowed to file and update support tickets. */
public record Contact(OrgId org, UUID userId, String email, String displayName, boolean trainingRequired) {
}
