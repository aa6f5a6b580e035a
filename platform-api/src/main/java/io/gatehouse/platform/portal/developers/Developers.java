package io.gatehouse.platform.portal.developers;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.identity.Accounts;
import io.gatehouse.platform.identity.LoginThrottle;
import io.gatehouse.platform.organizations.Organizations;
import io.gatehouse.platform.portal.PortalMail;
import io.gatehouse.platform.portal.PortalProperties;
import io.gatehouse.platform.portal.PortalScopes;
import io.gatehouse.platform.portal.settings.Portals;
import io.gatehouse.platform.shared.crypto.SecretTokens;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.OrgId;

/**
 * The developers of an organization's portal: sign-up with email verification, approval (automatic or by an
 * admin, per the portal's settings), sign-in (the platform's password encoder and login throttle), password
 * reset, and the admin's approve / reject / suspend / reinstate. Developers are not console users: the same
 * email may be a developer on several portals and a console user, each a separate identity. Every method takes
 * the organization; another organization's developer is a 404.
 *
 * <p>Mailed links: {@code <public-url>/portal/<org-slug>/verify-email?token=…} and
 * {@code …/reset-password?token=…}; the portal pages serve those paths and call {@link #verifyEmail} and
 * {@link #resetPassword}.
 */
@Service
public class Developers {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final String COLUMNS = "id, org_id, email, name, status, email_verified_at, created_at, updated_at";
    private static final String TOKEN_PREFIX = "gh_dev_";
    /** A bcrypt hash of a random string: compared against when the email is unknown, so timing tells nothing. */
    private final String decoyHash;

    private final JdbcClient jdbc;
    private final PortalScopes scopes;
    private final Portals portals;
    private final Organizations organizations;
    private final PasswordEncoder encoder;
    private final LoginThrottle throttle;
    private final PortalMail mail;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final PortalProperties properties;
    private final Clock clock;

    Developers(JdbcClient jdbc, PortalScopes scopes, Portals portals, Organizations organizations,
            PasswordEncoder encoder, LoginThrottle throttle, PortalMail mail, AuditLog audit,
            ApplicationEventPublisher events, PortalProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.scopes = scopes;
        this.portals = portals;
        this.organizations = organizations;
        this.encoder = encoder;
        this.throttle = throttle;
        this.mail = mail;
        this.audit = audit;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.decoyHash = encoder.encode(UUID.randomUUID().toString());
    }

    // ---- self-service ------------------------------------------------------------------------------------

    /**
     * Signs a developer up (status {@code unverified}) and mails the verification link. 400 with field messages
     * for a bad email, name or password (at least {@value Accounts#MIN_PASSWORD_LENGTH} characters), 409 when
     * the email already has an account on this portal.
     */
    public Developer signUp(OrgId org, DeveloperSignUp signUp) {
        List<FieldViolation> violations = new ArrayList<>();
        String email = signUp.email() == null ? "" : signUp.email().strip().toLowerCase(Locale.ROOT);
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            violations.add(new FieldViolation("email", "Enter a valid email address."));
        }
        String name = signUp.name() == null ? "" : signUp.name().strip();
        if (name.isEmpty() || name.length() > 200) {
            violations.add(new FieldViolation("name", "Enter your name (at most 200 characters)."));
        }
        if (signUp.password() == null || signUp.password().length() < Accounts.MIN_PASSWORD_LENGTH) {
            violations.add(new FieldViolation("password", "Use at least " + Accounts.MIN_PASSWORD_LENGTH + " characters."));
        } else if (signUp.password().length() > 200) {
            violations.add(new FieldViolation("password", "At most 200 characters."));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("Validation failed", violations);
        }
        String hash = encoder.encode(signUp.password());
        return scopes.in(org, () -> {
            UUID id = UUID.randomUUID();
            Instant now = clock.instant();
            try {
                jdbc.sql("""
                        insert into portal_developer (id, org_id, email, name, password_hash, status, created_at, updated_at)
                        values (:id, :org, :email, :name, :hash, 'unverified', :now, :now)
                        """).param("id", id).param("org", org.value()).param("email", email).param("name", name)
                        .param("hash", hash).param("now", Timestamp.from(now)).update();
            } catch (DuplicateKeyException e) {
                throw new ConflictException("There is already a developer account for " + email
                        + " on this portal; sign in or reset your password.");
            }
            Developer developer = find(id).orElseThrow();
            audit.record(org, developer.actor(), "developer.signed-up", "portal_developer", id, Map.of("email", email,
                    "name", name));
            sendVerification(developer);
            return developer;
        });
    }

    /** Mails a new verification link to an unverified developer; does nothing (and says nothing) otherwise. */
    public void resendVerification(OrgId org, String email) {
        scopes.run(org, () -> findByEmail(email).filter(d -> d.status() == DeveloperStatus.UNVERIFIED)
                .ifPresent(this::sendVerification));
    }

    /**
     * Confirms the email of the developer the token was mailed to: they become active (auto-approval) or wait
     * for an admin. 400 on the {@code token} field when the link is unknown, used or expired.
     */
    public Developer verifyEmail(OrgId org, String token) {
        return scopes.in(org, () -> {
            UUID developerId = redeem(token, "verify");
            Developer developer = find(developerId).orElseThrow(() -> new NotFoundException("developer", developerId));
            if (developer.status() != DeveloperStatus.UNVERIFIED) {
                return developer;
            }
            boolean auto = portals.settings(org).developerAutoApprove();
            DeveloperStatus next = auto ? DeveloperStatus.ACTIVE : DeveloperStatus.PENDING;
            Instant now = clock.instant();
            jdbc.sql("update portal_developer set status = :status, email_verified_at = :now, updated_at = :now where id = :id")
                    .param("status", next.wireName()).param("now", Timestamp.from(now)).param("id", developerId).update();
            audit.record(org, developer.actor(), "developer.email-verified", "portal_developer", developerId,
                    Map.of("status", next.wireName()));
            return find(developerId).orElseThrow();
        });
    }

    /**
     * Checks a developer's email and password. Failures are counted by the platform's login throttle (per
     * portal account and per client address) and refused with {@link SignInRefusedException}: wrong
     * credentials, throttled, or an account that may not sign in yet (unverified, pending, rejected, suspended).
     */
    public Developer signIn(OrgId org, String email, String password, String clientAddress) {
        String throttleKey = throttleKey(org, email);
        Optional<Instant> locked = throttle.lockedUntil(throttleKey, clientAddress);
        if (locked.isPresent()) {
            throw new SignInRefusedException(SignInRefusedException.Reason.THROTTLED,
                    LoginThrottle.waitMessage(locked.get(), clock));
        }
        Optional<StoredDeveloper> stored = scopes.in(org, () -> findStored(email));
        boolean matches = encoder.matches(password == null ? "" : password,
                stored.map(StoredDeveloper::passwordHash).orElse(decoyHash));
        if (stored.isEmpty() || !matches) {
            throttle.recordFailure(throttleKey, clientAddress);
            throw new SignInRefusedException(SignInRefusedException.Reason.BAD_CREDENTIALS, "Wrong email or password.");
        }
        throttle.recordSuccess(throttleKey);
        Developer developer = stored.get().developer();
        switch (developer.status()) {
            case UNVERIFIED -> throw new SignInRefusedException(SignInRefusedException.Reason.UNVERIFIED,
                    "Confirm your email address first: open the link we mailed you.");
            case PENDING -> throw new SignInRefusedException(SignInRefusedException.Reason.PENDING,
                    "Your account is waiting for approval by the portal's administrators.");
            case REJECTED -> throw new SignInRefusedException(SignInRefusedException.Reason.REJECTED,
                    "Your account was not approved.");
            case SUSPENDED -> throw new SignInRefusedException(SignInRefusedException.Reason.SUSPENDED,
                    "Your account is suspended; contact the portal's administrators.");
            case ACTIVE -> {
            }
        }
        return developer;
    }

    /** Mails a password-reset link if the email has an account; says nothing either way. */
    public void requestPasswordReset(OrgId org, String email) {
        scopes.run(org, () -> findByEmail(email).filter(d -> d.status() != DeveloperStatus.REJECTED).ifPresent(developer -> {
            String token = issueToken(developer, "reset");
            String slug = organizations.get(org).getSlug();
            mail.send(developer.email(), "Reset your password on " + portals.get(org).title(),
                    "Someone asked to reset the password of your developer account on " + portals.get(org).title()
                            + ".\n\nChoose a new password here:\n" + mail.portalLink(slug, "/reset-password?token=" + token)
                            + "\n\nIf it was not you, ignore this message; the link expires on its own.\n");
            audit.record(org, developer.actor(), "developer.reset-requested", "portal_developer",
                    developer.id(), Map.of());
        }));
    }

    /** Sets a new password with a mailed reset token; 400 for a bad token or a too short password. */
    public Developer resetPassword(OrgId org, String token, String newPassword) {
        if (newPassword == null || newPassword.length() < Accounts.MIN_PASSWORD_LENGTH || newPassword.length() > 200) {
            throw InvalidInputException.field("password", "Use " + Accounts.MIN_PASSWORD_LENGTH + " to 200 characters.");
        }
        String hash = encoder.encode(newPassword);
        return scopes.in(org, () -> {
            UUID developerId = redeem(token, "reset");
            jdbc.sql("update portal_developer set password_hash = :hash, updated_at = :now where id = :id")
                    .param("hash", hash).param("now", Timestamp.from(clock.instant())).param("id", developerId).update();
            Developer developer = find(developerId).orElseThrow();
            audit.record(org, developer.actor(), "developer.password-reset", "portal_developer", developerId, Map.of());
            return developer;
        });
    }

    // ---- reads -------------------------------------------------------------------------------------------

    /** A developer by id; 404 when it is not this portal's. */
    public Developer get(OrgId org, UUID developerId) {
        return scopes.in(org, () -> find(developerId).orElseThrow(() -> new NotFoundException("developer", developerId)));
    }

    /** The portal's developers, newest first, optionally only those with a status. */
    public List<Developer> list(OrgId org, DeveloperStatus status) {
        return scopes.in(org, () -> jdbc.sql("select " + COLUMNS + " from portal_developer"
                + (status == null ? "" : " where status = :status") + " order by created_at desc, id")
                .params(status == null ? Map.of() : Map.of("status", status.wireName())).query(ROW).list());
    }

    // ---- admin -------------------------------------------------------------------------------------------

    /** Approves a pending (or rejected) developer and mails them. */
    public Developer approve(OrgId org, UUID developerId) {
        return scopes.in(org, () -> {
            Developer developer = get(org, developerId);
            requireStatus(developer, "approve", DeveloperStatus.PENDING, DeveloperStatus.REJECTED);
            Developer after = setStatus(developer, DeveloperStatus.ACTIVE, null);
            String title = portals.get(org).title();
            mail.send(developer.email(), "Your developer account on " + title + " is approved",
                    "You can now sign in to " + title + ":\n"
                            + mail.portalLink(organizations.get(org).getSlug(), "/signin") + "\n");
            return after;
        });
    }

    /** Rejects a pending developer with a reason that is mailed to them. */
    public Developer reject(OrgId org, UUID developerId, String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > 2000) {
            throw InvalidInputException.field("reason", "Say why (at most 2000 characters); the developer reads it.");
        }
        return scopes.in(org, () -> {
            Developer developer = get(org, developerId);
            requireStatus(developer, "reject", DeveloperStatus.PENDING);
            Developer after = setStatus(developer, DeveloperStatus.REJECTED, why);
            String title = portals.get(org).title();
            mail.send(developer.email(), "Your developer account on " + title + " was not approved",
                    "Your developer account on " + title + " was not approved.\n\nReason: " + why + "\n");
            return after;
        });
    }

    /** Suspends an active developer: they cannot sign in and their applications' credentials stop working. */
    public Developer suspend(OrgId org, UUID developerId) {
        return scopes.in(org, () -> {
            Developer developer = get(org, developerId);
            requireStatus(developer, "suspend", DeveloperStatus.ACTIVE, DeveloperStatus.PENDING);
            return setStatus(developer, DeveloperStatus.SUSPENDED, null);
        });
    }

    /** Reinstates a suspended developer. */
    public Developer reinstate(OrgId org, UUID developerId) {
        return scopes.in(org, () -> {
            Developer developer = get(org, developerId);
            requireStatus(developer, "reinstate", DeveloperStatus.SUSPENDED);
            return setStatus(developer, DeveloperStatus.ACTIVE, null);
        });
    }

    // ---- internals ---------------------------------------------------------------------------------------

    private record StoredDeveloper(Developer developer, String passwordHash) {
    }

    private void sendVerification(Developer developer) {
        String token = issueToken(developer, "verify");
        String slug = organizations.get(developer.org()).getSlug();
        String title = portals.get(developer.org()).title();
        mail.send(developer.email(), "Confirm your email for " + title,
                "Welcome to " + title + ", " + developer.name() + ".\n\nConfirm your email address here:\n"
                        + mail.portalLink(slug, "/verify-email?token=" + token)
                        + "\n\nIf you did not sign up, ignore this message.\n");
    }

    private String issueToken(Developer developer, String purpose) {
        String token = SecretTokens.generate(TOKEN_PREFIX, 40);
        jdbc.sql("""
                insert into portal_developer_token (id, org_id, developer_id, purpose, token_hash, expires_at)
                values (:id, :org, :developer, :purpose, :hash, :expires)
                """).param("id", UUID.randomUUID()).param("org", developer.org().value())
                .param("developer", developer.id()).param("purpose", purpose).param("hash", SecretTokens.sha256(token))
                .param("expires", Timestamp.from(clock.instant().plus(properties.verificationValidity()))).update();
        return token;
    }

    /** Marks a token used and returns its developer; 400 when unknown, used, expired or for another purpose. */
    private UUID redeem(String token, String purpose) {
        if (token == null || token.isBlank() || token.length() > 200) {
            throw invalidLink();
        }
        Instant now = clock.instant();
        return jdbc.sql("""
                update portal_developer_token set used_at = :now
                where token_hash = :hash and purpose = :purpose and used_at is null and expires_at > :now
                returning developer_id
                """).param("now", Timestamp.from(now)).param("hash", SecretTokens.sha256(token.strip()))
                .param("purpose", purpose).query(UUID.class).optional().orElseThrow(Developers::invalidLink);
    }

    private static InvalidInputException invalidLink() {
        return InvalidInputException.field("token", "This link is invalid, was already used or has expired; ask for a new one.");
    }

    private Developer setStatus(Developer developer, DeveloperStatus status, String reason) {
        jdbc.sql("update portal_developer set status = :status, updated_at = :now where id = :id")
                .param("status", status.wireName()).param("now", Timestamp.from(clock.instant()))
                .param("id", developer.id()).update();
        Map<String, Object> changes = new java.util.LinkedHashMap<>();
        changes.put("status", Map.of("from", developer.status().wireName(), "to", status.wireName()));
        if (reason != null) {
            changes.put("reason", reason);
        }
        audit.record("developer." + status.wireName(), "portal_developer", developer.id(), changes);
        events.publishEvent(new DeveloperStatusChanged(developer.org(), developer.id(), developer.status(), status));
        return find(developer.id()).orElseThrow();
    }

    private static void requireStatus(Developer developer, String action, DeveloperStatus... allowed) {
        for (DeveloperStatus status : allowed) {
            if (developer.status() == status) {
                return;
            }
        }
        throw new ConflictException("Cannot " + action + " a developer who is " + developer.status().wireName() + ".");
    }

    private Optional<Developer> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from portal_developer where id = :id").param("id", id).query(ROW).optional();
    }

    private Optional<Developer> findByEmail(String email) {
        return findStored(email).map(StoredDeveloper::developer);
    }

    private Optional<StoredDeveloper> findStored(String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        return jdbc.sql("select " + COLUMNS + ", password_hash from portal_developer where lower(email) = :email")
                .param("email", email.strip().toLowerCase(Locale.ROOT))
                .query((rs, n) -> new StoredDeveloper(ROW.mapRow(rs, n), rs.getString("password_hash"))).optional();
    }

    private static String throttleKey(OrgId org, String email) {
        return "portal:" + org.value() + ":" + (email == null ? "" : email.strip().toLowerCase(Locale.ROOT));
    }

    static final RowMapper<Developer> ROW = (rs, n) -> new Developer(rs.getObject("id", UUID.class),
            new OrgId(rs.getObject("org_id", UUID.class)), rs.getString("email"), rs.getString("name"),
            DeveloperStatus.of(rs.getString("status")), instant(rs.getTimestamp("email_verified_at")),
            instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("updated_at")));

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
