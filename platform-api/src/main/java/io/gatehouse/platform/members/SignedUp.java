package io.gatehouse.platform.members;

import io.gatehouse.platform.identity.Account;
import io.gatehouse.platform.organizations.Organization;

/** The result of a sign-up: the new user and their first organization, which they administer. */
public record SignedUp(Account account, Organization organization) {
}
