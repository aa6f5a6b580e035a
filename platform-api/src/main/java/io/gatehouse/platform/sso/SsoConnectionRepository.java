package io.gatehouse.platform.sso;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface SsoConnectionRepository extends JpaRepository<SsoConnection, UUID> {
}
