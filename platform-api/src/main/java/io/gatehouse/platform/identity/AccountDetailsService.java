package io.gatehouse.platform.identity;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Loads a user for form login. Users without a password (SSO only) cannot sign in with one.
 * <p>
 * Deliberately not a {@code UserDetailsService} bean: Spring Security would build a second, global password
 * provider from it, which a throttled sign-in would fall through to.
 */
@Component
public class AccountDetailsService {

    private final AccountRepository accounts;

    AccountDetailsService(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String email) {
        Account account = accounts.findByEmail(Accounts.normalizeEmail(email))
                .filter(a -> a.passwordHash() != null)
                .orElseThrow(() -> new UsernameNotFoundException("no user with a password for this email"));
        return SignedInUser.of(account);
    }
}
