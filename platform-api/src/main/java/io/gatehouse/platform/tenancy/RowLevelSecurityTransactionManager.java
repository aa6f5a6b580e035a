package io.gatehouse.platform.tenancy;

import java.sql.SQLException;

import org.hibernate.Session;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

/**
 * A JPA transaction manager that, right after BEGIN, writes the thread's {@link TenantScope} into
 * transaction-local PostgreSQL settings, which the row-level security policies of every tenant-owned
 * table read. With no scope set the settings are empty and the policies match nothing.
 */
class RowLevelSecurityTransactionManager extends JpaTransactionManager {

    RowLevelSecurityTransactionManager(EntityManagerFactory entityManagerFactory) {
        super(entityManagerFactory);
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        super.doBegin(transaction, definition);
        EntityManager entityManager = EntityManagerFactoryUtils.getTransactionalEntityManager(getEntityManagerFactory());
        if (entityManager == null) {
            throw new TransactionSystemException("no transactional EntityManager after begin");
        }
        TenantScope scope = TenantContext.current();
        entityManager.unwrap(Session.class).doWork(connection -> {
            try {
                TenantScopes.apply(connection, scope);
            } catch (SQLException e) {
                throw new TransactionSystemException("could not apply the tenant scope", e);
            }
        });
    }
}
