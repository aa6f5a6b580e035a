package io.gatehouse.platform.tokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.platform.audit.Actor;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.identity.Account;
import io.gatehouse.platform.identity.Accounts;
import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.identity.IdentityProperties;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.identity.PlatformRole;
import io.gatehouse.platform.members.Memberships;
import io.gatehouse.platform.shared.crypto.SecretTokens;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.ForbiddenException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.OrgId;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/**
 * Personal access tokens ({@value #PREFIX}…): a user's credential for the REST API, bound to one organization,
 * with a role that can never exceed the user's role there (checked again on every use, so a demoted or removed
 * member's tokens shrink or stop working). The token is shown once; only its SHA-256 is stored.
 * <p>
 * Platform staff may also hold <em>staff tokens</em>: bound to no organization, carrying a platform role
 * ({@link PlatformRole}) that never exceeds the user's own. On every use the role is capped again by the
 * user's current platform role (a platform admin's token shrinks to support engineer when the user is
 * demoted, and stops when the user is no longer staff). A staff token acts like the user's console session
 * outside an organization: the staff API and the platform API, and the organizations the user is a member of.
 */
@Service
public class PersonalAccessTokens {

    /** Every personal access token starts with this, so that secret scanners and the API recognize it. */
    public static final String PREFIX = "gh_pat_";
    private static final int RANDOM_LENGTH = 40;
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final AccessTokenRepository tokens;
    private final Memberships memberships;
    private final Accounts accounts;
    private final AuditLog audit;
    private final TenantScopes scopes;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final IdentityProperties.Tokens settings;

    PersonalAccessTokens(AccessTokenRepository tokens, Memberships memberships, Accounts accounts, AuditLog audit,
            TenantScopes scopes, TransactionTemplate tx, Clock clock, IdentityProperties properties) {
        this.tokens = tokens;
        this.memberships = memberships;
        this.accounts = accounts;
        this.audit = audit;
        this.scopes = scopes;
        this.tx = tx;
        this.clock = clock;
        this.settings = properties.tokens();
    }

    /**
     * Creates a token for the calling user in an organization they belong to.
     *
     * @param lifetime how long the token is valid; at most {@code gatehouse.identity.tokens.max-lifetime}
     * @throws NotFoundException   when the user is not a member of {@code org}
     * @throws InvalidInputException when the role exceeds the user's own or the lifetime is too long
     * @throws ConflictException   when the user already holds the maximum number of active tokens
     */
    public IssuedToken create(Caller caller, OrgId org, String name, OrgRole role, Duration lifetime) {
        UUID userId = requireUser(caller);
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(settings.maxLifetime()) > 0) {
            throw InvalidInputException.field("expiresInDays",
                    "must be between 1 and " + settings.maxLifetime().toDays() + " days");
        }
        TenantScope scope = TenantScope.user(userId).withOrg(org);
        return scopes.call(scope, () -> tx.execute(status -> {
            OrgRole own = memberships.roleOf(org, userId).orElseThrow(() -> new NotFoundException("organization", org));
            if (!own.includes(role)) {
                throw InvalidInputException.field("role", "must not exceed your own role in the organization (" + own + ")");
            }
            Instant now = clock.instant();
            if (tokens.countActive(userId, now) >= settings.maxPerUser()) {
                throw new ConflictException("You already hold " + settings.maxPerUser()
                        + " active personal access tokens, the most allowed; revoke one first.");
            }
            String token = SecretTokens.generate(PREFIX, RANDOM_LENGTH);
            AccessToken stored = tokens.saveAndFlush(new AccessToken(org, userId, name.strip(),
                    SecretTokens.sha256(token), token.substring(0, PREFIX.length() + 4), role, now, now.plus(lifetime)));
            audit.record("create", "personal_access_token", stored.id(), stored.snapshot());
            return new IssuedToken(PersonalAccessToken.of(stored, now), token);
        }));
    }

    /**
     * Creates a staff token for the calling user: no organization, the given platform role.
     *
     * @throws ForbiddenException    when the caller is not platform staff, or calls with a token that is not a
     *                               staff token carrying at least {@code platformRole}
     * @throws InvalidInputException when the role exceeds the user's own platform role or the lifetime is too long
     * @throws ConflictException     when the user already holds the maximum number of active tokens
     */
    public IssuedToken createStaff(Caller caller, String name, PlatformRole platformRole, Duration lifetime) {
        UUID userId = requireUser(caller);
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(settings.maxLifetime()) > 0) {
            throw InvalidInputException.field("expiresInDays",
                    "must be between 1 and " + settings.maxLifetime().toDays() + " days");
        }
        if (caller.platformRole() == null) {
            throw new ForbiddenException("Only platform staff hold staff tokens.");
        }
        return scopes.call(TenantScope.platform(), () -> tx.execute(status -> {
            PlatformRole own = accounts.get(userId).getPlatformRole();
            if (own == null) {
                throw new ForbiddenException("Only platform staff hold staff tokens.");
            }
            if (!includes(own, platformRole) || !includes(caller.platformRole(), platformRole)) {
                throw InvalidInputException.field("platformRole", "must not exceed your own platform role ("
                        + lesser(own, caller.platformRole()) + ")");
            }
            Instant now = clock.instant();
            if (tokens.countActive(userId, now) >= settings.maxPerUser()) {
                throw new ConflictException("You already hold " + settings.maxPerUser()
                        + " active personal access tokens, the most allowed; revoke one first.");
            }
            String token = SecretTokens.generate(PREFIX, RANDOM_LENGTH);
            AccessToken stored = tokens.saveAndFlush(AccessToken.staff(userId, name.strip(), SecretTokens.sha256(token),
                    token.substring(0, PREFIX.length() + 4), platformRole, now, now.plus(lifetime)));
            audit.record("create", "personal_access_token", stored.id(), stored.snapshot());
            return new IssuedToken(PersonalAccessToken.of(stored, now), token);
        }));
    }

    /** Whether platform role {@code held} covers {@code wanted}: a platform admin covers a support engineer. */
    static boolean includes(PlatformRole held, PlatformRole wanted) {
        return held == wanted || held == PlatformRole.PLATFORM_ADMIN;
    }

    private static PlatformRole lesser(PlatformRole a, PlatformRole b) {
        return a == PlatformRole.PLATFORM_ADMIN ? b : a;
    }

    /** The calling user's tokens, newest first, in every organization. */
    public List<PersonalAccessToken> list(Caller caller) {
        UUID userId = requireUser(caller);
        Instant now = clock.instant();
        return scopes.call(TenantScope.user(userId), () -> tx.execute(status ->
                tokens.findByUserIdOrderByCreatedAtDesc(userId).stream()
                        .map(token -> PersonalAccessToken.of(token, now)).toList()));
    }

    /** Revokes one of the calling user's tokens; another user's token is not found. */
    public PersonalAccessToken revoke(Caller caller, UUID tokenId) {
        UUID userId = requireUser(caller);
        AccessToken found = scopes.call(TenantScope.user(userId), () -> tx.execute(status ->
                tokens.findById(tokenId).filter(t -> t.userId().equals(userId))
                        .orElseThrow(() -> new NotFoundException("personal access token", tokenId))));
        TenantScope scope = found.org() == null ? TenantScope.platform() : TenantScope.user(userId).withOrg(found.org());
        return scopes.call(scope, () -> tx.execute(status -> {
            AccessToken token = tokens.findById(tokenId).orElseThrow(() -> new NotFoundException("personal access token", tokenId));
            var before = token.snapshot();
            if (token.revokedAt() == null) {
                token.revoke(clock.instant());
                tokens.flush();
                audit.recordChange("revoke", "personal_access_token", tokenId, before, token.snapshot());
            }
            return PersonalAccessToken.of(token, clock.instant());
        }));
    }

    /**
     * The caller a token stands for, if the token is known, active, and its user still a member of its
     * organization; the role is the lesser of the token's and the membership's. Records the last use.
     * An org token never carries its user's platform staff role: it acts only in its own organization. A staff
     * token carries the lesser of its platform role and the user's current one, and no organization.
     */
    public Optional<Caller> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String hash = SecretTokens.sha256(token);
        return scopes.call(TenantScope.platform(), () -> tx.execute(status -> {
            Instant now = clock.instant();
            Optional<AccessToken> found = tokens.findByTokenHash(hash).filter(t -> t.isActive(now));
            if (found.isEmpty()) {
                return Optional.<Caller>empty();
            }
            AccessToken stored = found.get();
            Account account = accounts.get(stored.userId());
            if (stored.platformRole() != null) {
                PlatformRole own = account.getPlatformRole();
                if (!account.isEnabled() || own == null) {
                    return Optional.<Caller>empty();
                }
                touch(stored, now);
                PlatformRole role = lesser(stored.platformRole(), own);
                Actor actor = new Actor(Actor.Type.TOKEN, stored.id().toString(), account.getEmail());
                return Optional.of(new Caller(account.getId(), account.getDisplayName(), account.getEmail(), actor,
                        null, null, role, Set.of("platform:" + role)));
            }
            Optional<OrgRole> membership = memberships.roleOf(stored.org(), stored.userId());
            if (!account.isEnabled() || membership.isEmpty()) {
                return Optional.<Caller>empty();
            }
            touch(stored, now);
            OrgRole role = OrgRole.lesser(stored.role(), membership.get());
            // Named by the user's email, so that the audit log's actor filter finds a user's token actions too;
            // the type and id say which token it was.
            Actor actor = new Actor(Actor.Type.TOKEN, stored.id().toString(), account.getEmail());
            return Optional.of(new Caller(account.getId(), account.getDisplayName(), account.getEmail(), actor,
                    stored.org(), role, null, Set.of("role:" + role)));
        }));
    }

    private void touch(AccessToken stored, Instant now) {
        if (stored.lastUsedAt() == null || stored.lastUsedAt().plus(TOUCH_INTERVAL).isBefore(now)) {
            tokens.touch(stored.id(), now);
        }
    }

    private static UUID requireUser(Caller caller) {
        if (caller.userId() == null) {
            throw new ForbiddenException("Only users have personal access tokens.");
        }
        return caller.userId();
    }
}
