package io.gatehouse.platform.tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DataSourceUtils;

import jakarta.persistence.EntityManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs work in a given {@link TenantScope}. When called inside a transaction the new scope is applied
 * to that transaction's connection at once, and the previous scope is restored afterwards. Pending JPA
 * writes are flushed at both boundaries, so every write reaches the database under the scope that made it.
 */
@Component
public class TenantScopes {

    private static final String APPLY_SQL =
            "select set_config('app.org_id', ?, true), set_config('app.user_id', ?, true), set_config('app.scope', ?, true)";

    private final DataSource dataSource;
    private final EntityManager entityManager;

    public TenantScopes(DataSource dataSource, EntityManager entityManager) {
        this.dataSource = dataSource;
        this.entityManager = entityManager;
    }

    public <T> T call(TenantScope scope, Supplier<T> work) {
        TenantScope previous = TenantContext.set(scope);
        applyToCurrentTransaction(scope);
        try {
            return work.get();
        } finally {
            TenantContext.set(previous);
            applyToCurrentTransaction(previous);
        }
    }

    public void run(TenantScope scope, Runnable work) {
        call(scope, () -> {
            work.run();
            return null;
        });
    }

    /** Sets the scope of the current thread until {@link #clear()}; for request filters. */
    public void enter(TenantScope scope) {
        TenantContext.set(scope);
        applyToCurrentTransaction(scope);
    }

    public void clear() {
        TenantContext.clear();
    }

    private void applyToCurrentTransaction(TenantScope scope) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return;
        }
        if (!TransactionSynchronizationManager.isCurrentTransactionReadOnly() && entityManager.isJoinedToTransaction()) {
            entityManager.flush();
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            apply(connection, scope);
        } catch (SQLException e) {
            throw new IllegalStateException("could not apply the tenant scope", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** Writes the scope into transaction-local settings of the connection. */
    static void apply(Connection connection, TenantScope scope) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(APPLY_SQL)) {
            statement.setString(1, scope.org() == null ? "" : scope.org().toString());
            statement.setString(2, scope.userId() == null ? "" : scope.userId().toString());
            statement.setString(3, scope.crossTenant() ? "platform" : "");
            statement.execute();
        }
    }
}
