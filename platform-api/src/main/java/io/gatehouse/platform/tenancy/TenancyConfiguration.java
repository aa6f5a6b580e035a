package io.gatehouse.platform.tenancy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import jakarta.persistence.EntityManagerFactory;

@Configuration(proxyBeanMethods = false)
class TenancyConfiguration {

    /** Replaces Spring Boot's JPA transaction manager so that every transaction carries the tenant scope. */
    @Bean
    PlatformTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
        return new RowLevelSecurityTransactionManager(entityManagerFactory);
    }
}
