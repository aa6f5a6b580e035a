package io.gatehouse.platform.members;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.identity.Account;
import io.gatehouse.platform.identity.Accounts;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.organizations.Organization;
import io.gatehouse.platform.organizations.Organizations;
import io.gatehouse.platform.tenancy.OrgId;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/**
 * Who belongs to which organization, with which role. Reads and writes go through row-level security:
 * an organization's memberships are visible in its scope, and a user's own memberships in theirs.
 * An organization always keeps at least one admin.
 */
@Service
public class Memberships {

    private final MembershipRepository memberships;
    private final Accounts accounts;
    private final AuditLog audit;
    private final Organizations organizations;
    private final TenantScopes scopes;
    private final TransactionTemplate tx;
    private final Clock clock;

    Memberships(MembershipRepository memberships, Accounts accounts, AuditLog audit, Organizations organizations,
            TenantScopes scopes, TransactionTemplate tx, Clock clock) {
        this.memberships = memberships;
        this.accounts = accounts;
        this.audit = audit;
        this.organizations = organizations;
        this.scopes = scopes;
        this.tx = tx;
        this.clock = clock;
    }

    /** The user's role in the organization, if they are a member (visible in the org's or the user's scope). */
    @Transactional(readOnly = true)
    public Optional<OrgRole> roleOf(OrgId org, UUID userId) {
        return memberships.findByOrgIdAndUserId(org.value(), userId).map(Membership::getRole);
    }

    /** The memberships of a user, for the organization switcher (run in the user's scope). */
    @Transactional(readOnly = true)
    public List<Membership> ofUser(UUID userId) {
        return memberships.findByUserId(userId);
    }

    /**
     * The organizations a user belongs to, by name, with their role in each. Runs in the user's own scope, so it
     * is safe to call from any console page.
     */
    public List<OrgMembership> organizationsOf(UUID userId) {
        return scopes.call(TenantScope.user(userId), () -> tx.execute(status -> memberships.findByUserId(userId).stream()
                .map(m -> {
                    Organization org = organizations.get(m.org());
                    return new OrgMembership(m.org(), org.getSlug(), org.getName(), m.getRole());
                })
                .sorted(java.util.Comparator.comparing(OrgMembership::name, String.CASE_INSENSITIVE_ORDER))
                .toList()));
    }

    /** Adds a user to the organization of the current scope; a user who is already a member keeps one membership. */
    @Transactional
    public Membership add(OrgId org, UUID userId, OrgRole role) {
        Optional<Membership> existing = memberships.findByOrgIdAndUserId(org.value(), userId);
        if (existing.isPresent()) {
            throw new ConflictException("This user is already a member of the organization.");
        }
        Membership membership = memberships.saveAndFlush(new Membership(org, userId, role, clock.instant()));
        audit.record("create", "membership", membership.getId(), membership.snapshot());
        return membership;
    }

    @Transactional(readOnly = true)
    public List<Member> list(OrgId org) {
        return memberships.findByOrgIdOrderByCreatedAt(org.value()).stream().map(this::toMember).toList();
    }

    @Transactional(readOnly = true)
    public Member get(OrgId org, UUID userId) {
        return toMember(find(org, userId));
    }

    @Transactional
    public Member changeRole(OrgId org, UUID userId, OrgRole role) {
        Membership membership = find(org, userId);
        var before = membership.snapshot();
        if (membership.getRole() == OrgRole.ADMIN && role != OrgRole.ADMIN) {
            requireAnotherAdmin(org);
        }
        membership.changeRole(role);
        memberships.flush();
        audit.recordChange("update", "membership", membership.getId(), before, membership.snapshot());
        return toMember(membership);
    }

    @Transactional
    public void remove(OrgId org, UUID userId) {
        Membership membership = find(org, userId);
        if (membership.getRole() == OrgRole.ADMIN) {
            requireAnotherAdmin(org);
        }
        memberships.delete(membership);
        memberships.flush();
        audit.record("delete", "membership", membership.getId(), membership.snapshot());
    }

    private void requireAnotherAdmin(OrgId org) {
        if (memberships.countByOrgIdAndRole(org.value(), OrgRole.ADMIN) <= 1) {
            throw new ConflictException("An organization needs at least one admin; make someone else admin first.");
        }
    }

    private Membership find(OrgId org, UUID userId) {
        return memberships.findByOrgIdAndUserId(org.value(), userId)
                .orElseThrow(() -> new NotFoundException("member", userId));
    }

    private Member toMember(Membership membership) {
        Account account = accounts.get(membership.getUserId());
        return new Member(account.getId(), account.getEmail(), account.getDisplayName(), membership.getRole(),
                membership.getCreatedAt());
    }
}
