package io.gatehouse.platform.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Settings of sign-in, tokens and invitations ({@code gatehouse.identity.*}); defaults in
 * gatehouse-platform-defaults.properties.
 */
@ConfigurationProperties("gatehouse.identity")
@Validated
public record IdentityProperties(@Valid @NotNull Login login, @Valid @NotNull Tokens tokens,
        @Valid @NotNull Invitations invitations) {

    /** Login throttling: failures allowed in {@code window} per account and per client address, then a lockout. */
    public record Login(@Min(1) int maxFailuresPerAccount, @Min(1) int maxFailuresPerAddress,
            @NotNull Duration window, @NotNull Duration lockout) {
    }

    /** Personal access tokens: how many a user may hold, and the longest lifetime. */
    public record Tokens(@Min(1) int maxPerUser, @NotNull Duration maxLifetime) {
    }

    /** How long an invitation link stays valid. */
    public record Invitations(@NotNull Duration validity) {
    }
}
