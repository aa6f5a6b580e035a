package io.gatehouse.platform.members;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.identity.Account;
import io.gatehouse.platform.identity.Accounts;
import io.gatehouse.platform.identity.AsUser;
import io.gatehouse.platform.identity.IdentityProperties;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.organizations.Organization;
import io.gatehouse.platform.organizations.Organizations;
import io.gatehouse.platform.shared.crypto.SecretTokens;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.ForbiddenException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.OrgId;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/**
 * Invitations of members by email link. The link ({@code <public-url>/invitations/<token>}) is mailed (or logged
 * when no SMTP server is configured); only the token's SHA-256 is stored. A link works once, until it expires or
 * is revoked. Accepting either links the invitation to the signed-in user with the invited email, or creates an
 * account for that email.
 */
@Service
public class Invitations {

    private static final String TOKEN_PREFIX = "inv_";

    private final InvitationRepository invitations;
    private final Organizations organizations;
    private final Memberships memberships;
    private final Accounts accounts;
    private final InvitationMail mail;
    private final AuditLog audit;
    private final TenantScopes scopes;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final IdentityProperties.Invitations settings;
    private final String publicUrl;

    Invitations(InvitationRepository invitations, Organizations organizations, Memberships memberships,
            Accounts accounts, InvitationMail mail, AuditLog audit, TenantScopes scopes, TransactionTemplate tx,
            Clock clock, IdentityProperties properties, @Value("${gatehouse.public-url}") String publicUrl) {
        this.invitations = invitations;
        this.organizations = organizations;
        this.memberships = memberships;
        this.accounts = accounts;
        this.mail = mail;
        this.audit = audit;
        this.scopes = scopes;
        this.tx = tx;
        this.clock = clock;
        this.settings = properties.invitations();
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /**
     * Invites someone to the organization of the current tenant scope and mails them the link.
     *
     * @throws ConflictException when they are already a member
     */
    public Invitation invite(OrgId org, String email, OrgRole role, String invitedBy) {
        String normalized = Accounts.normalizeEmail(email);
        String token = SecretTokens.generate(TOKEN_PREFIX, 40);
        record Created(Invitation invitation, String orgName) {
        }
        Created created = tx.execute(status -> {
            Organization organization = organizations.get(org);
            accounts.findByEmail(normalized).ifPresent(existing -> {
                if (memberships.roleOf(org, existing.getId()).isPresent()) {
                    throw new ConflictException(normalized + " is already a member of this organization.");
                }
            });
            Instant now = clock.instant();
            InvitationEntity invitation = invitations.saveAndFlush(new InvitationEntity(org, normalized, role,
                    SecretTokens.sha256(token), invitedBy, now, now.plus(settings.validity())));
            audit.record("create", "invitation", invitation.id(), invitation.snapshot());
            return new Created(invitation.toRecord(now), organization.getName());
        });
        mail.send(normalized, created.orgName(), invitedBy, publicUrl + "/invitations/" + token);
        return created.invitation();
    }

    public List<Invitation> list(OrgId org) {
        Instant now = clock.instant();
        return tx.execute(status -> invitations.findByOrgIdOrderByCreatedAtDesc(org.value()).stream()
                .map(i -> i.toRecord(now)).toList());
    }

    public Invitation revoke(OrgId org, UUID id) {
        return tx.execute(status -> {
            InvitationEntity invitation = invitations.findById(id).filter(i -> i.org().equals(org))
                    .orElseThrow(() -> new NotFoundException("invitation", id));
            Instant now = clock.instant();
            if (invitation.status(now) != Invitation.Status.PENDING) {
                throw new ConflictException("Only a pending invitation can be revoked; this one is "
                        + invitation.status(now).name().toLowerCase() + ".");
            }
            var before = invitation.snapshot();
            invitation.revoke(now);
            invitations.flush();
            audit.recordChange("revoke", "invitation", id, before, invitation.snapshot());
            return invitation.toRecord(now);
        });
    }

    /** What the link's page shows; a wrong, used, revoked or expired link is not found. */
    public InvitationPreview preview(String token) {
        InvitationEntity invitation = pending(token);
        Organization organization = scopes.call(TenantScope.platform(), () -> organizations.get(invitation.org()));
        return new InvitationPreview(organization.getName(), organization.getSlug(), invitation.email(),
                invitation.role(), scopes.call(TenantScope.platform(), () -> tx.execute(s ->
                        invitations.findById(invitation.id()).map(i -> i.toRecord(clock.instant()).invitedBy()).orElse(null))),
                accounts.findByEmail(invitation.email()).isPresent());
    }

    /**
     * Accepts as the signed-in user, whose email must be the invited one.
     *
     * @return the organization joined
     */
    public Organization acceptAs(String token, UUID userId) {
        InvitationEntity invitation = pending(token);
        Account account = accounts.get(userId);
        if (!account.getEmail().equalsIgnoreCase(invitation.email())) {
            throw new ForbiddenException("This invitation is for " + invitation.email()
                    + "; sign in with that account to accept it.");
        }
        return join(invitation.id(), account);
    }

    /**
     * Accepts by creating an account for the invited email.
     *
     * @throws ConflictException when an account with that email exists (sign in and accept instead)
     */
    public AcceptedInvitation acceptWithNewAccount(String token, String displayName, String password) {
        InvitationEntity invitation = pending(token);
        if (displayName == null || displayName.isBlank() || displayName.length() > 200) {
            throw InvalidInputException.field("name", "must be 1 to 200 characters");
        }
        if (accounts.findByEmail(invitation.email()).isPresent()) {
            throw new ConflictException("An account with " + invitation.email() + " exists; sign in to accept.");
        }
        return tx.execute(status -> {
            Account account = accounts.create(invitation.email(), displayName, password);
            Organization organization = join(invitation.id(), account);
            return new AcceptedInvitation(account, organization);
        });
    }

    /** The result of accepting with a new account. */
    public record AcceptedInvitation(Account account, Organization organization) {
    }

    private Organization join(UUID invitationId, Account account) {
        return AsUser.call(account, () -> scopes.call(TenantScope.platform(), () -> tx.execute(status -> {
            InvitationEntity invitation = invitations.findById(invitationId)
                    .orElseThrow(() -> new NotFoundException("invitation", invitationId));
            Instant now = clock.instant();
            if (invitation.status(now) != Invitation.Status.PENDING) {
                throw new NotFoundException("invitation", "link");
            }
            return scopes.call(TenantScope.user(account.getId()).withOrg(invitation.org()), () -> {
                var before = invitation.snapshot();
                invitation.accept(now);
                invitations.flush();
                if (memberships.roleOf(invitation.org(), account.getId()).isEmpty()) {
                    memberships.add(invitation.org(), account.getId(), invitation.role());
                }
                audit.recordChange("accept", "invitation", invitation.id(), before, invitation.snapshot());
                return organizations.get(invitation.org());
            });
        })));
    }

    private InvitationEntity pending(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX)) {
            throw new NotFoundException("invitation", "link");
        }
        Instant now = clock.instant();
        return scopes.call(TenantScope.platform(), () -> tx.execute(status ->
                invitations.findByTokenHash(SecretTokens.sha256(token))
                        .filter(i -> i.status(now) == Invitation.Status.PENDING)
                        .orElseThrow(() -> new NotFoundException("invitation", "link"))));
    }
}
