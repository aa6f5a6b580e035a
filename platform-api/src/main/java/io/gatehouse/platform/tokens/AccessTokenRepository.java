package io.gatehouse.platform.tokens;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface AccessTokenRepository extends JpaRepository<AccessToken, UUID> {

    Optional<AccessToken> findByTokenHash(String tokenHash);

    List<AccessToken> findByUserIdOrderByCreatedAtDesc(UUID userId);

    @Query("select count(t) from AccessToken t where t.userId = ?1 and t.revokedAt is null"
            + " and (t.expiresAt is null or t.expiresAt > ?2)")
    long countActive(UUID userId, Instant now);

    @Modifying
    @Query("update AccessToken t set t.lastUsedAt = ?2 where t.id = ?1")
    void touch(UUID id, Instant at);
}
