package io.gatehouse.platform.identity;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;

/**
 * Users: creation with a hashed password, look-up, platform staff roles. Users are not tenant-owned; an
 * organization reaches its users through memberships. Passwords are hashed with the adaptive hash of
 * {@link Passwords}; they never leave this class in any form.
 */
@Service
public class Accounts {

    /** Passwords shorter than this are refused. */
    public static final int MIN_PASSWORD_LENGTH = 10;
    public static final int MAX_PASSWORD_LENGTH = 128;

    private final AccountRepository accounts;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final Clock clock;

    Accounts(AccountRepository accounts, PasswordEncoder passwords, AuditLog audit, Clock clock) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Creates a user. {@code password} may be {@code null} for a user who only signs in through SSO.
     *
     * @throws ConflictException when the email is taken
     */
    @Transactional
    public Account create(String email, String displayName, String password) {
        String normalized = normalizeEmail(email);
        if (password != null) {
            checkPassword(password);
        }
        if (accounts.findByEmail(normalized).isPresent()) {
            throw new ConflictException("An account with this email already exists; sign in instead.");
        }
        Account account = new Account(UUID.randomUUID(), normalized, displayName.strip(),
                password == null ? null : passwords.encode(password), clock.instant());
        accounts.saveAndFlush(account);
        return account;
    }

    @Transactional(readOnly = true)
    public Account get(UUID id) {
        return accounts.findById(id).orElseThrow(() -> new NotFoundException("user", id));
    }

    @Transactional(readOnly = true)
    public Optional<Account> findByEmail(String email) {
        return email == null ? Optional.empty() : accounts.findByEmail(normalizeEmail(email));
    }

    /** Whether the password is the user's; always hashes, so that timing does not reveal unknown users. */
    @Transactional(readOnly = true)
    public boolean passwordMatches(Account account, String password) {
        return account.passwordHash() != null && passwords.matches(password, account.passwordHash());
    }

    /** Grants a platform staff role to a user (platform admins only; checked by the caller). */
    @Transactional
    public Account grantPlatformRole(UUID userId, PlatformRole role) {
        Account account = get(userId);
        PlatformRole before = account.getPlatformRole();
        account.grantPlatformRole(role);
        accounts.flush();
        audit.record(null, AuditLog.currentActor(), "update", "user", userId,
                AuditLog.diff(java.util.Collections.singletonMap("platformRole", before),
                        java.util.Collections.singletonMap("platformRole", role)));
        return account;
    }

    @Transactional(readOnly = true)
    public boolean anyWithPlatformRole(PlatformRole role) {
        return accounts.existsByPlatformRole(role);
    }

    @Transactional
    public void changePassword(UUID userId, String newPassword) {
        checkPassword(newPassword);
        Account account = get(userId);
        account.changePasswordHash(passwords.encode(newPassword));
        accounts.flush();
        audit.record(null, AuditLog.currentActor(), "update", "user", userId,
                java.util.Map.of("password", "changed"));
    }

    public static String normalizeEmail(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    static void checkPassword(String password) {
        if (password.length() < MIN_PASSWORD_LENGTH) {
            throw InvalidInputException.field("password", "must be at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.length() > MAX_PASSWORD_LENGTH) {
            throw InvalidInputException.field("password", "must be at most " + MAX_PASSWORD_LENGTH + " characters");
        }
    }
}
