package io.gatehouse.platform.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** A Testcontainers PostgreSQL, used by {@link TestDatabase} when a Docker engine is reachable. */
final class DockerPostgres {

    private static final String IMAGE = "postgres:18-alpine";

    private DockerPostgres() {
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
    static TestDatabase.Connection start() {
        PostgreSQLContainer container = new PostgreSQLContainer(IMAGE).withCommand("postgres", "-c",
                "max_connections=300", "-c", "fsync=off");
        container.start();
        return new TestDatabase.Connection(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
                "Testcontainers");
    }
}
