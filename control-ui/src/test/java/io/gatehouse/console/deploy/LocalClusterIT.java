package io.gatehouse.console.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.util.FileSystemUtils;

import com.sun.net.httpserver.HttpServer;

/**
 * Runs {@code deploy/local-cluster.sh} the way an operator does, against the jar this build packaged: one
 * PostgreSQL and two control planes on loopback (gateways join once runtime-gateway builds its jar), checks that both
 * serve one database and one set of console sessions, then stops it and checks nothing is left running.
 */
class LocalClusterIT {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path SCRIPT = MODULE.resolveSibling("deploy").resolve("local-cluster.sh");
    private static final Path JAR = MODULE.resolve("target/gatehouse-control-plane.jar");
    private static final Path RUN_DIR = MODULE.resolve("target/local-cluster-it");
    // Generous for a loaded CI machine; an unloaded one starts the cluster in about 30 s.
    private static final Duration SCRIPT_LIMIT = Duration.ofSeconds(180);

    private static final String CLIENT_ID = "cluster-automation";
    private static final String CLIENT_SECRET = "cluster-automation-secret-" + Long.toString(System.nanoTime(), 36);
    /** Both replicas schedule the SLA scan every 2 s (slots of 2 s) so that the test sees many contested slots. */
    private static final Map<String, String> CLUSTER_SETTINGS = Map.of(
            "GATEHOUSE_BOOTSTRAP_CLIENT_ID", CLIENT_ID, "GATEHOUSE_BOOTSTRAP_CLIENT_SECRET", CLIENT_SECRET,
            "GATEHOUSE_SUPPORT_SCAN_INTERVAL", "PT2S", "GATEHOUSE_SUPPORT_SCAN_INITIAL_DELAY", "PT1S");
    private static final Pattern JOB_RUNS = Pattern.compile(
            "gatehouse_jobs_runs_total\\{[^}]*\\}\\s+([0-9.E+]+)");

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void twoControlPlanesShareOneDatabaseAndStopCleanly() throws Exception {
        assertThat(JAR).as("the packaged control plane (run in the verify phase)").exists();
        FileSystemUtils.deleteRecursively(RUN_DIR);
        boolean stopped = false;
        try {
            Result start = run("start", RUN_DIR, CLUSTER_SETTINGS);
            assertThat(start.exitCode()).as("start failed:%n%s", start.output()).isZero();
            Map<String, String> cluster = readEnv(RUN_DIR.resolve("cluster.env"));
            String a = cluster.get("CONTROL_PLANE_A_URL");
            String b = cluster.get("CONTROL_PLANE_B_URL");
            assertThat(a).isNotBlank().isNotEqualTo(b);
            assertThat(start.output()).contains(a, b);

            for (String controlPlane : List.of(a, b)) {
                HttpResponse<String> health = get(controlPlane + "/actuator/health");
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"status\":\"UP\"");
                assertThat(get(controlPlane + "/actuator/health/readiness").statusCode()).isEqualTo(200);
            }
            assertBothReplicasUseOneMigratedDatabase(cluster.get("DB_URL"));
            SignedUp operator = assertASessionCreatedOnAWorksOnB(a, b);
            assertAWriteThroughAIsServedByTheGatewayConnectedToB(a, operator);
            assertTheScheduledScanRunsOnceAcrossBoth(a, b, cluster.get("DB_URL"));

            Result status = run("status", RUN_DIR, Map.of());
            assertThat(status.exitCode()).isZero();
            assertThat(status.output()).contains(a + "  UP", b + "  UP");

            List<ProcessHandle> started = startedProcesses();
            assertThat(started).hasSizeGreaterThanOrEqualTo(4).allMatch(ProcessHandle::isAlive);

            Result stop = run("stop", RUN_DIR, Map.of());
            stopped = true;
            assertThat(stop.exitCode()).as("stop failed:%n%s", stop.output()).isZero();
            assertThat(stop.output()).contains("stopped control-plane-a", "stopped control-plane-b", "stopped postgres");
            assertThat(started).noneMatch(ProcessHandle::isAlive);
            assertThat(run("status", RUN_DIR, Map.of()).exitCode()).as("status after stop").isEqualTo(3);
        } finally {
            if (!stopped) {
                run("stop", RUN_DIR, Map.of());
            }
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aStartThatCannotFinishStopsWhatItStarted() throws Exception {
        Path runDir = MODULE.resolve("target/local-cluster-it-busy-port");
        FileSystemUtils.deleteRecursively(runDir);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // The embedded database here (StandaloneDatabase), whatever the machine offers, so both ways are covered
            // where a local PostgreSQL server exists.
            Result start = run("start", runDir, Map.of("GATEHOUSE_CLUSTER_DB", "embedded",
                    "GATEHOUSE_CLUSTER_PORT_B", String.valueOf(taken.getLocalPort())));

            assertThat(start.exitCode()).isNotZero();
            assertThat(start.output()).contains("PostgreSQL (embedded)")
                    .contains("port " + taken.getLocalPort() + " (control plane B) is in use")
                    .contains("start failed; stopping what was started");
        } finally {
            run("stop", runDir, Map.of());
        }
        try (Stream<Path> pidFiles = Files.list(runDir.resolve("pids"))) {
            assertThat(pidFiles).as("pid files left behind").isEmpty();
        }
        assertThat(runDir.resolve("db/embedded/postmaster.pid")).as("embedded PostgreSQL still running").doesNotExist();
        assertThat(runDir.resolve("db/server/postmaster.pid")).as("PostgreSQL server still running").doesNotExist();
        assertThat(run("status", runDir, Map.of()).exitCode()).isEqualTo(3);
    }

    /**
     * Both replicas hold connections to the same database (each names itself through the JDBC ApplicationName
     * the script sets), and that database carries the Flyway history.
     */
    private static void assertBothReplicasUseOneMigratedDatabase(String jdbcUrl) throws SQLException {
        assertThat(jdbcUrl).startsWith("jdbc:postgresql://");
        Properties login = new Properties();
        login.setProperty("user", "postgres");
        try (Connection connection = DriverManager.getConnection(jdbcUrl, login);
                Statement statement = connection.createStatement()) {
            List<String> clients = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "select distinct application_name from pg_stat_activity where datname = current_database()")) {
                while (rows.next()) {
                    clients.add(rows.getString(1));
                }
            }
            assertThat(clients).contains("gatehouse-control-plane-a", "gatehouse-control-plane-b");
            try (ResultSet rows = statement.executeQuery(
                    "select count(*), bool_and(success) from flyway_schema_history")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isPositive();
                assertThat(rows.getBoolean(2)).isTrue();
            }
        }
    }

    /**
     * Signs up on replica A and opens the new organization's console page on replica B with the same session
     * cookie: sessions live in PostgreSQL, so any replica serves them. Without the cookie, B sends the
     * browser to sign in.
     */
    /** A console user signed up on replica A, with the browser (cookie jar) that holds their session. */
    private record SignedUp(HttpClient browser, String slug) {
    }

    private static SignedUp assertASessionCreatedOnAWorksOnB(String a, String b) throws IOException, InterruptedException {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<String> form = browser.send(HttpRequest.newBuilder(URI.create(a + "/signup")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF_FIELD.matcher(form.body());
        assertThat(csrf.find()).as("the sign-up form carries a CSRF token").isTrue();
        String slug = "cluster-" + Long.toString(System.nanoTime(), 36);
        String body = formBody(Map.of("_csrf", csrf.group(1), "name", "Cluster Operator",
                "email", slug + "@example.com", "password", "correct horse battery staple",
                "organizationName", "Cluster Org " + slug, "organizationSlug", slug));

        HttpResponse<String> signedUp = browser.send(HttpRequest.newBuilder(URI.create(a + "/signup"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedUp.statusCode()).as("sign-up on A:%n%s", signedUp.body()).isEqualTo(302);
        assertThat(signedUp.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/orgs/" + slug));

        HttpResponse<String> onB = browser.send(HttpRequest.newBuilder(URI.create(b + "/orgs/" + slug)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(onB.statusCode()).as("A's session on replica B").isEqualTo(200);
        assertThat(onB.body()).contains("Cluster Org " + slug);

        HttpResponse<String> anonymousOnB = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(HttpRequest.newBuilder(URI.create(b + "/orgs/" + slug)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymousOnB.statusCode()).isEqualTo(302);
        assertThat(anonymousOnB.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).contains("/login"));
        return new SignedUp(browser, slug);
    }

    /**
     * The operator's path to traffic: a personal access token from the console, a control plane and a gateway
     * token through the API of replica A, gateways started into the cluster by the script (gateway B dials
     * replica B), then a route written through A. Gateway B serves it: the change went A → PostgreSQL
     * NOTIFY → B → gateway B, between real processes.
     */
    private void assertAWriteThroughAIsServedByTheGatewayConnectedToB(String a, SignedUp operator) throws Exception {
        String tokensPage = operator.browser().send(HttpRequest.newBuilder(
                URI.create(a + "/orgs/" + operator.slug() + "/tokens")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = CSRF_FIELD.matcher(tokensPage);
        assertThat(csrf.find()).isTrue();
        String created = operator.browser().send(HttpRequest.newBuilder(URI.create(a + "/orgs/" + operator.slug() + "/tokens"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(Map.of("_csrf", csrf.group(1), "name", "cluster",
                        "role", "ADMIN", "expiresInDays", "1")))).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher pat = Pattern.compile("(gh_pat_[A-Za-z0-9_-]+)").matcher(created);
        assertThat(pat.find()).as("the new token is shown once").isTrue();
        String bearer = "Bearer " + pat.group(1);

        String plane = field(api(a + "/api/v1/control-planes", bearer, "{\"name\":\"cluster\"}"), "id");
        String gatewayToken = field(api(a + "/api/v1/control-planes/" + plane + "/gateway-tokens", bearer,
                "{\"name\":\"cluster\"}"), "token");

        Result gateways = run("gateways", RUN_DIR, Map.of("GATEHOUSE_CLUSTER_GATEWAY_TOKEN", gatewayToken));
        assertThat(gateways.exitCode()).as("gateways failed:%n%s", gateways.output()).isZero();
        Map<String, String> cluster = readEnv(RUN_DIR.resolve("cluster.env"));
        String gatewayB = cluster.get("GATEWAY_B_URL");

        HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", exchange -> {
            byte[] body = ("hello from upstream " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        try {
            api(a + "/api/v1/control-planes/" + plane + "/services", bearer,
                    "{\"name\":\"upstream\",\"url\":\"http://127.0.0.1:" + upstream.getAddress().getPort() + "\"}");
            api(a + "/api/v1/control-planes/" + plane + "/services/upstream/routes", bearer,
                    "{\"name\":\"cluster\",\"paths\":[\"/cluster\"],\"strip_path\":false}");

            await("gateway B serving the route written through A").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> get(gatewayB + "/cluster/orders").statusCode() == 200);
            HttpResponse<String> served = get(gatewayB + "/cluster/orders");
            assertThat(served.body()).isEqualTo("hello from upstream /cluster/orders");
            assertThat(get(cluster.get("GATEWAY_B_STATUS_URL")).body()).contains("\"connection\":\"CONNECTED\"");
        } finally {
            upstream.stop(0);
        }
    }

    /**
     * Both replicas tick the SLA scan every 2 s, each on its own phase; each 2 s slot must run on one of them
     * only. What each replica ran or skipped is in its own metrics; what ran is in {@code platform_job_run}: the
     * rows counted between two readings of the metrics lie between the two sums of the replicas' runs, and both
     * replicas together skipped slots the other had taken (so they did compete).
     */
    private void assertTheScheduledScanRunsOnceAcrossBoth(String a, String b, String jdbcUrl) throws Exception {
        // Each replica here has its own public URL, which is its tokens' issuer: a token per replica (behind one
        // load balancer, replicas share the URL and accept each other's tokens).
        String adminA = clientCredentialsToken(a);
        String adminB = clientCredentialsToken(b);
        await("both replicas have contested scan slots").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> jobRuns(a, adminA, "skipped") + jobRuns(b, adminB, "skipped") >= 2
                        && jobRuns(a, adminA, "ran") + jobRuns(b, adminB, "ran") >= 3);

        // A replica writes its row when it claims a slot and counts the run when the run ends.
        long ranBefore = finishedRuns(a, adminA) + finishedRuns(b, adminB);
        List<String[]> runs = scanRuns(jdbcUrl);
        long ranAfter = finishedRuns(a, adminA) + finishedRuns(b, adminB);

        assertThat((long) runs.size()).as("slots run, against the replicas' own counts of runs")
                .isBetween(ranBefore, ranAfter);
        assertThat(runs).extracting(run -> run[0]).doesNotHaveDuplicates();
        assertThat(runs).extracting(run -> run[1]).isSubsetOf("control-plane-a", "control-plane-b");
        assertThat(jobRuns(a, adminA, "failed") + jobRuns(b, adminB, "failed")).isZero();
    }

    private String clientCredentialsToken(String controlPlane) throws IOException, InterruptedException {
        String basic = java.util.Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(controlPlane + "/oauth2/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as("token: %s", token.body()).isEqualTo(200);
        return field(token, "access_token");
    }

    private long finishedRuns(String controlPlane, String bearer) throws IOException, InterruptedException {
        return jobRuns(controlPlane, bearer, "ran") + jobRuns(controlPlane, bearer, "failed");
    }

    /** The replica's count of SLA-scan slots with that outcome (0 before the first). */
    private long jobRuns(String controlPlane, String bearer, String outcome) throws IOException, InterruptedException {
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(controlPlane + "/actuator/prometheus"))
                .header("Authorization", "Bearer " + bearer).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        return metrics.body().lines()
                .filter(line -> line.startsWith("gatehouse_jobs_runs_total{") && line.contains("job=\"sla-scan\"")
                        && line.contains("outcome=\"" + outcome + "\""))
                .map(JOB_RUNS::matcher)
                .filter(Matcher::find)
                .mapToLong(value -> (long) Double.parseDouble(value.group(1)))
                .sum();
    }

    private static List<String[]> scanRuns(String jdbcUrl) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", "postgres");
        List<String[]> runs = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, login);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select slot::text, replica from platform_job_run where job = 'sla-scan'")) {
            while (rows.next()) {
                runs.add(new String[] {rows.getString(1), rows.getString(2)});
            }
        }
        return runs;
    }

    private HttpResponse<String> api(String url, String bearer, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", url, response.body()).isEqualTo(201);
        return response;
    }

    private static String field(HttpResponse<String> response, String name) {
        Matcher value = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        assertThat(value.find()).as("%s in %s", name, response.body()).isTrue();
        return value.group(1);
    }

    private static String formBody(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** The processes the script started (its pid files), and the PostgreSQL server itself. */
    private List<ProcessHandle> startedProcesses() throws IOException {
        List<Path> pidFiles = new ArrayList<>();
        try (Stream<Path> files = Files.list(RUN_DIR.resolve("pids"))) {
            files.forEach(pidFiles::add);
        }
        for (String server : List.of("db/embedded/postmaster.pid", "db/server/postmaster.pid")) {
            if (Files.exists(RUN_DIR.resolve(server))) {
                pidFiles.add(RUN_DIR.resolve(server));
            }
        }
        return pidFiles.stream()
                .map(LocalClusterIT::readPid)
                .map(ProcessHandle::of)
                .flatMap(Optional::stream)
                .toList();
    }

    private static long readPid(Path file) {
        try {
            return Long.parseLong(Files.readAllLines(file).get(0).trim());
        } catch (IOException e) {
            throw new IllegalStateException("unreadable pid file " + file, e);
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Runs the script with every port on "any free one", as an operator would with the settings in env. */
    private static Result run(String command, Path runDir, Map<String, String> settings)
            throws IOException, InterruptedException {
        Path log = runDir.resolveSibling(runDir.getFileName() + "-" + command + ".log");
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("GATEHOUSE_CLUSTER_DIR", runDir.toString());
        env.put("GATEHOUSE_CLUSTER_JAR", JAR.toString());
        for (String port : List.of("DB_PORT", "PORT_A", "PORT_B", "SYNC_PORT_A", "SYNC_PORT_B", "GATEWAY_PORT_A",
                "GATEWAY_PORT_B", "GATEWAY_STATUS_PORT_A", "GATEWAY_STATUS_PORT_B")) {
            env.put("GATEHOUSE_CLUSTER_" + port, "0");
        }
        env.put("GATEHOUSE_CLUSTER_TIMEOUT", "150");
        env.putAll(settings);
        Files.createDirectories(runDir.getParent());
        Process process = builder.start();
        if (!process.waitFor(SCRIPT_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("local-cluster.sh " + command + " took longer than " + SCRIPT_LIMIT);
        }
        String output = Files.readString(log);
        return new Result(process.exitValue(), output);
    }

    private static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int equals = line.indexOf('=');
            if (equals > 0 && !line.startsWith("#")) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return values;
    }

    private record Result(int exitCode, String output) {
    }
}
