package io.gatehouse.platform.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Slows down password guessing: after {@code maxFailuresPerAccount} failed sign-ins for one email, or
 * {@code maxFailuresPerAddress} from one client address, within the window, further attempts are refused
 * until the lock expires, even with the right password. Counters live in the database so that every
 * replica agrees; a successful sign-in clears the account's counter.
 */
@Service
public class LoginThrottle {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final IdentityProperties.Login settings;

    LoginThrottle(JdbcTemplate jdbc, Clock clock, IdentityProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = properties.login();
    }

    /** When sign-in for this email or address is locked, until when; empty when it may be tried. */
    @Transactional(readOnly = true)
    public Optional<Instant> lockedUntil(String email, String address) {
        Instant now = clock.instant();
        List<Timestamp> locks = jdbc.queryForList(
                "select locked_until from platform_login_throttle where throttle_key in (?, ?) and locked_until > ?",
                Timestamp.class, accountKey(email), addressKey(address), Timestamp.from(now));
        return locks.stream().map(Timestamp::toInstant).max(Instant::compareTo);
    }

    /** Counts a failed sign-in; runs in its own transaction so that it sticks even when the request fails. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordFailure(String email, String address) {
        count(accountKey(email), settings.maxFailuresPerAccount());
        if (address != null) {
            count(addressKey(address), settings.maxFailuresPerAddress());
        }
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordSuccess(String email) {
        jdbc.update("delete from platform_login_throttle where throttle_key = ?", accountKey(email));
    }

    private void count(String key, int maxFailures) {
        Instant now = clock.instant();
        Timestamp windowStart = Timestamp.from(now.minus(settings.window()));
        // One statement, so that concurrent failures on several replicas are all counted.
        jdbc.update("""
                insert into platform_login_throttle (throttle_key, failures, window_started_at) values (?, 1, ?)
                on conflict (throttle_key) do update set
                    failures = case when platform_login_throttle.window_started_at < ? then 1
                                    else platform_login_throttle.failures + 1 end,
                    window_started_at = case when platform_login_throttle.window_started_at < ? then excluded.window_started_at
                                             else platform_login_throttle.window_started_at end
                """, key, Timestamp.from(now), windowStart, windowStart);
        jdbc.update("update platform_login_throttle set locked_until = ?, failures = 0, window_started_at = ?"
                + " where throttle_key = ? and failures >= ?",
                Timestamp.from(now.plus(settings.lockout())), Timestamp.from(now), key, maxFailures);
    }

    /** How long to wait, in words, for the sign-in page. */
    public static String waitMessage(Instant lockedUntil, Clock clock) {
        long minutes = Math.max(1, (Duration.between(clock.instant(), lockedUntil).toSeconds() + 59) / 60);
        return "Too many failed sign-ins. Try again in " + minutes + (minutes == 1 ? " minute." : " minutes.");
    }

    private static String accountKey(String email) {
        return "account:" + Accounts.normalizeEmail(email);
    }

    private static String addressKey(String address) {
        return "ip:" + address;
    }
}
