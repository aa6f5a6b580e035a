package io.gatehouse.platform.oauth;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface SystemAccountRepository extends JpaRepository<SystemAccountEntity, UUID> {

    List<SystemAccountEntity> findByOrgIdOrderByCreatedAt(UUID orgId);
}
