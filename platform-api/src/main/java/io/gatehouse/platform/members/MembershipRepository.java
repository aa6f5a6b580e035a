package io.gatehouse.platform.members;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

import io.gatehouse.platform.identity.OrgRole;

interface MembershipRepository extends JpaRepository<Membership, UUID> {

    Optional<Membership> findByOrgIdAndUserId(UUID orgId, UUID userId);

    List<Membership> findByOrgIdOrderByCreatedAt(UUID orgId);

    List<Membership> findByUserId(UUID userId);

    long countByOrgIdAndRole(UUID orgId, OrgRole role);
}
