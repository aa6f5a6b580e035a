package io.gatehouse.console.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import io.gatehouse.gateway.sync.SyncProtocol;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The deployment artifacts in deploy/ agree with the build and with the applications: every jar they name is one
 * the build produces, every port one the applications listen on, the Helm chart's values satisfy its schema and
 * its templates reference only values that exist. There is no Docker engine or helm binary in CI, so this is what
 * stands between a renamed jar or port and a broken install.
 *
 * <p>YAML is read with SnakeYAML (on the classpath through Spring Boot) because compose.yaml uses YAML merge keys
 * ({@code <<: *anchor}), which Docker Compose supports and Jackson's YAML reader does not resolve.
 */
class DeployArtifactsTests {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path DEPLOY = ROOT.resolve("deploy");
    private static final Path CHART = DEPLOY.resolve("helm/gatehouse");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Map<String, String> ARTIFACTS = readEnvFile(DEPLOY.resolve("ports-and-artifacts.env"));
    private static final String CONTROL_PLANE_JAR = ARTIFACTS.get("CONTROL_PLANE_JAR");
    private static final String GATEWAY_JAR = ARTIFACTS.get("GATEWAY_JAR");
    private static final int CONTROL_PLANE_PORT = port("CONTROL_PLANE_PORT");
    private static final int SYNC_PORT = port("SYNC_PORT");
    private static final int GATEWAY_PROXY_PORT = port("GATEWAY_PROXY_PORT");
    private static final int GATEWAY_STATUS_PORT = port("GATEWAY_STATUS_PORT");
    private static final int GATEWAY_TLS_PORT = port("GATEWAY_TLS_PORT");

    // --- the one list of names agrees with the build and the application ---

    @Test
    void theControlPlaneJarIsTheOneControlUiBuilds() throws Exception {
        assertThat(finalName(ROOT.resolve("control-ui/pom.xml")) + ".jar").isEqualTo(CONTROL_PLANE_JAR);
    }

    @Test
    void theGatewayJarIsTheOneRuntimeGatewayBuilds() throws Exception {
        // The shade plugin writes the runnable gateway beside the plain jar, which stays the main artifact.
        assertThat(Files.readString(ROOT.resolve("runtime-gateway/pom.xml")))
                .contains("<outputFile>${project.build.directory}/" + GATEWAY_JAR + "</outputFile>");
    }

    @Test
    void theControlPlanePortIsTheApplicationsDefault() throws IOException {
        Map<String, Object> application = yaml(ROOT.resolve("control-ui/src/main/resources/application.yml"));
        String port = String.valueOf(path(application, "server", "port"));
        assertThat(port).isEqualTo("${GATEHOUSE_PORT:" + CONTROL_PLANE_PORT + "}");
    }

    @Test
    void everyJarNamedInDeployIsOneTheBuildProduces() throws IOException {
        Pattern jar = Pattern.compile("[A-Za-z0-9_.${}-]+\\.jar\\b");
        Set<String> named = new TreeSet<>();
        for (Path file : deployFiles()) {
            Matcher matcher = jar.matcher(Files.readString(file));
            while (matcher.find()) {
                String name = matcher.group();
                name = name.substring(name.lastIndexOf('/') + 1);
                if (!name.equals("maven-wrapper.jar")) {
                    assertThat(name).as("jar named in %s", ROOT.relativize(file)).isIn(CONTROL_PLANE_JAR, GATEWAY_JAR);
                    named.add(name);
                }
            }
        }
        assertThat(named).containsExactlyInAnyOrder(CONTROL_PLANE_JAR, GATEWAY_JAR);
    }

    @Test
    void everySettingTheArtifactsPassIsReadByTheCodeOrDeclaredPlanned() throws IOException {
        Set<String> read = settingsReadByTheCode();
        Set<String> planned = plannedSettings();
        assertThat(read).as("GATEHOUSE_* settings found in main sources").contains("GATEHOUSE_PORT", "GATEHOUSE_DB_URL");
        Set<String> unknown = new TreeSet<>();
        for (Path file : deployFiles().stream().filter(file -> file.startsWith(DEPLOY)).toList()) {
            settingNames(Files.readString(file)).stream()
                    .filter(name -> !name.startsWith("GATEHOUSE_CLUSTER_"))
                    .filter(name -> !read.contains(name) && !planned.contains(name))
                    .forEach(name -> unknown.add(name + " in " + ROOT.relativize(file)));
        }
        assertThat(unknown).isEmpty();
    }

    @Test
    void theOperationsGuideDocumentsEverySetting() throws IOException {
        String operations = Files.readString(ROOT.resolve("docs/OPERATIONS.md"));
        Set<String> settings = new TreeSet<>(settingsReadByTheCode());
        settings.addAll(plannedSettings());
        assertThat(settings).allSatisfy(name -> assertThat(operations).contains("`" + name + "`"));
    }

    /**
     * What the applications read as settings: {@code ${GATEHOUSE_…}} placeholders in their resources,
     * {@code getenv("GATEHOUSE_…")} / {@code environment.get("GATEHOUSE_…")}, and environment names paired with
     * their property or command-line flag ({@code "GATEHOUSE_…", "gatehouse.…"}) in the main sources. Other strings that merely look like one
     * (a cookie name) are not settings.
     */
    private static Set<String> settingsReadByTheCode() throws IOException {
        Set<String> names = new TreeSet<>();
        Set<String> boundPrefixes = new TreeSet<>();
        for (String module : List.of("migrations", "runtime-gateway", "platform-api", "support-portal", "control-ui")) {
            Path main = ROOT.resolve(module).resolve("src/main");
            if (!Files.isDirectory(main)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(main)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    String text = Files.readString(file);
                    Matcher bound = CONFIGURATION_PROPERTIES.matcher(text);
                    while (bound.find()) {
                        boundPrefixes.add(bound.group(1).toUpperCase(java.util.Locale.ROOT).replace('.', '_')
                                .replace("-", "") + "_");
                    }
                    Matcher read = SETTING_READ.matcher(text);
                    while (read.find()) {
                        for (int group = 1; group <= read.groupCount(); group++) {
                            if (read.group(group) != null) {
                                names.add(read.group(group));
                            }
                        }
                    }
                }
            }
        }
        // Spring's relaxed binding reads GATEHOUSE_SYNC_PORT as gatehouse.sync.port of @ConfigurationProperties("gatehouse.sync").
        for (Path file : deployFiles()) {
            settingNames(Files.readString(file)).stream()
                    .filter(name -> boundPrefixes.stream().anyMatch(name::startsWith))
                    .forEach(names::add);
        }
        return names;
    }

    private static final Pattern CONFIGURATION_PROPERTIES = Pattern.compile(
            "@ConfigurationProperties\\((?:prefix\\s*=\\s*)?\"(gatehouse\\.[a-z.-]+)\"");

    private static final Pattern SETTING_READ = Pattern.compile(
            "\\$\\{(GATEHOUSE_[A-Z0-9_]+)|(?:getenv|get)\\(\"(GATEHOUSE_[A-Z0-9_]+)\"\\)|\"(GATEHOUSE_[A-Z0-9_]+)\",\\s*\"[a-z]");

    private static Set<String> plannedSettings() {
        String list = ARTIFACTS.get("PLANNED_SETTINGS").replace("\"", "");
        return new TreeSet<>(List.of(list.trim().split("\\s+")));
    }

    /** The GATEHOUSE_* names in a text; families written with a wildcard ("GATEHOUSE_SMTP_*") are not names. */
    private static Set<String> settingNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher name = Pattern.compile("\\bGATEHOUSE_[A-Z0-9_*]+").matcher(text);
        while (name.find()) {
            if (!name.group().contains("*") && !name.group().endsWith("_")) {
                names.add(name.group());
            }
        }
        return names;
    }

    // --- container images ---

    @Test
    void theControlPlaneImageBuildsRunsAndChecksTheBuiltJarAndPorts() throws IOException {
        String dockerfile = Files.readString(DEPLOY.resolve("docker/control-plane.Dockerfile"));
        assertImage(dockerfile, "control-ui", "control-ui/target/" + CONTROL_PLANE_JAR, Set.of(CONTROL_PLANE_PORT, SYNC_PORT));
        assertThat(dockerfile).contains("GATEHOUSE_PORT=" + CONTROL_PLANE_PORT)
                .contains("/actuator/health/readiness");
        assertThat(DEPLOY.resolve("docker/control-plane.Dockerfile.dockerignore")).exists();
    }

    @Test
    void theGatewayImageBuildsRunsAndChecksTheGatewayJarAndPorts() throws IOException {
        String dockerfile = Files.readString(DEPLOY.resolve("docker/gateway.Dockerfile"));
        assertImage(dockerfile, "runtime-gateway", "runtime-gateway/target/" + GATEWAY_JAR,
                Set.of(GATEWAY_PROXY_PORT, GATEWAY_TLS_PORT, GATEWAY_STATUS_PORT));
        assertThat(dockerfile).contains("GATEHOUSE_GATEWAY_PROXY_PORT=" + GATEWAY_PROXY_PORT)
                .contains("GATEHOUSE_GATEWAY_STATUS_PORT=" + GATEWAY_STATUS_PORT)
                .contains("GATEHOUSE_GATEWAY_TLS_PORT=" + GATEWAY_TLS_PORT)
                .contains("/status");
        assertThat(DEPLOY.resolve("docker/gateway.Dockerfile.dockerignore")).exists();
    }

    private static void assertImage(String dockerfile, String module, String builtJar, Set<Integer> ports) {
        assertThat(ROOT.resolve(module).resolve("pom.xml")).exists();
        assertThat(dockerfile).contains("./mvnw -B -q -pl " + module + " -am package -DskipTests")
                .contains(builtJar)
                .contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError")
                .containsPattern("(?m)^USER 10001")
                .containsPattern("(?m)^HEALTHCHECK ");
        Matcher expose = Pattern.compile("(?m)^EXPOSE (.+)$").matcher(dockerfile);
        assertThat(expose.find()).isTrue();
        assertThat(Stream.of(expose.group(1).trim().split("\\s+")).map(Integer::valueOf)).containsExactlyInAnyOrderElementsOf(ports);
    }

    // --- compose ---

    @Test
    void composeRunsTwoControlPlanesBehindTheBalancerOnTheApplicationsPorts() throws IOException {
        Map<String, Object> services = map(yaml(DEPLOY.resolve("compose.yaml")).get("services"));
        assertThat(services).containsKeys("postgres", "redis", "mailpit", "control-plane-a", "control-plane-b", "lb",
                "gateway-a", "gateway-b");
        for (String name : List.of("control-plane-a", "control-plane-b")) {
            Map<String, Object> service = map(services.get(name));
            Map<String, Object> env = map(service.get("environment"));
            assertThat(env.get("GATEHOUSE_PORT")).isEqualTo(String.valueOf(CONTROL_PLANE_PORT));
            assertThat(env.get("GATEHOUSE_SYNC_PORT")).isEqualTo(String.valueOf(SYNC_PORT));
            assertThat(env.get("GATEHOUSE_SYNC_TLS_ENABLED")).as("the balancer speaks plain HTTP to the sync listener").isEqualTo("false");
            assertThat(String.valueOf(env.get("GATEHOUSE_DB_URL"))).startsWith("jdbc:postgresql://postgres:5432/");
            assertThat(String.valueOf(map(service.get("healthcheck")).get("test")))
                    .contains(":" + CONTROL_PLANE_PORT + "/actuator/health/readiness");
            assertThat(ROOT.resolve(String.valueOf(map(service.get("build")).get("dockerfile")))).exists();
        }
        for (String name : List.of("gateway-a", "gateway-b")) {
            Map<String, Object> service = map(services.get(name));
            Map<String, Object> env = map(service.get("environment"));
            assertThat(env.get("GATEHOUSE_GATEWAY_PROXY_PORT")).isEqualTo(String.valueOf(GATEWAY_PROXY_PORT));
            assertThat(env.get("GATEHOUSE_GATEWAY_STATUS_PORT")).isEqualTo(String.valueOf(GATEWAY_STATUS_PORT));
            assertThat(env.get("GATEHOUSE_GATEWAY_TLS_PORT")).isEqualTo(String.valueOf(GATEWAY_TLS_PORT));
            // Plain ws:// through the balancer, so the replicas' listeners must run without TLS.
            assertThat(String.valueOf(env.get("GATEHOUSE_GATEWAY_CONTROL_PLANE"))).isEqualTo("ws://lb:" + SYNC_PORT + SyncProtocol.PATH);
            assertThat(String.valueOf(map(service.get("healthcheck")).get("test"))).contains(":" + GATEWAY_STATUS_PORT + "/status");
            assertThat(list(service.get("ports"))).map(String::valueOf).allSatisfy(published ->
                    assertThat(published).matches(".*:(" + GATEWAY_PROXY_PORT + "|" + GATEWAY_TLS_PORT + ")"));
            assertThat(ROOT.resolve(String.valueOf(map(service.get("build")).get("dockerfile")))).exists();
        }
        assertThat(list(map(services.get("lb")).get("ports")))
                .containsExactlyInAnyOrder((Object) ("127.0.0.1:" + CONTROL_PLANE_PORT + ":" + CONTROL_PLANE_PORT),
                        "127.0.0.1:" + SYNC_PORT + ":" + SYNC_PORT);
        services.forEach((name, service) -> {
            Object dependsOn = map(service).get("depends_on");
            if (dependsOn != null) {
                assertThat(services).as("%s depends on", name).containsKeys(map(dependsOn).keySet().toArray(String[]::new));
            }
        });
    }

    @Test
    void theBalancerSendsConsoleAndSyncTrafficToTheReplicasPorts() throws IOException {
        Map<String, Object> lb = map(map(yaml(DEPLOY.resolve("compose.yaml")).get("services")).get("lb"));
        String mount = String.valueOf(list(lb.get("volumes")).get(0));
        Path config = DEPLOY.resolve(mount.substring(0, mount.indexOf(':')));
        String nginx = Files.readString(config);

        assertThat(upstreamServers(nginx, "gatehouse_console"))
                .containsExactlyInAnyOrder("control-plane-a:" + CONTROL_PLANE_PORT, "control-plane-b:" + CONTROL_PLANE_PORT);
        assertThat(upstreamServers(nginx, "gatehouse_sync"))
                .containsExactlyInAnyOrder("control-plane-a:" + SYNC_PORT, "control-plane-b:" + SYNC_PORT);
        assertThat(nginx).contains("listen " + CONTROL_PLANE_PORT + ";", "listen " + SYNC_PORT + ";")
                .contains("proxy_set_header Upgrade $http_upgrade;");
    }

    private static List<String> upstreamServers(String nginx, String upstream) {
        Matcher block = Pattern.compile("upstream " + upstream + " \\{([^}]*)}").matcher(nginx);
        assertThat(block.find()).as("upstream %s", upstream).isTrue();
        List<String> servers = new ArrayList<>();
        Matcher server = Pattern.compile("server (\\S+?)[ ;]").matcher(block.group(1));
        while (server.find()) {
            servers.add(server.group(1));
        }
        return servers;
    }

    // --- systemd ---

    @Test
    void theSystemdUnitsRunTheBuiltJarsHardened() throws IOException {
        assertUnit("gatehouse-control-plane.service", CONTROL_PLANE_JAR, "control-plane.env", "/var/lib/gatehouse");
        assertUnit("gatehouse-gateway.service", GATEWAY_JAR, "gateway.env", "/var/lib/gatehouse-gateway");

        Map<String, String> controlPlane = readEnvFile(DEPLOY.resolve("systemd/control-plane.env"));
        assertThat(controlPlane).containsEntry("GATEHOUSE_PORT", String.valueOf(CONTROL_PLANE_PORT))
                .containsEntry("GATEHOUSE_SYNC_PORT", String.valueOf(SYNC_PORT))
                .containsEntry("GATEHOUSE_DATA_DIR", ARTIFACTS.get("CONTROL_PLANE_DATA_DIR"));
        Map<String, String> gateway = readEnvFile(DEPLOY.resolve("systemd/gateway.env"));
        assertThat(gateway).containsEntry("GATEHOUSE_GATEWAY_PROXY_PORT", String.valueOf(GATEWAY_PROXY_PORT))
                .containsEntry("GATEHOUSE_GATEWAY_STATUS_PORT", String.valueOf(GATEWAY_STATUS_PORT))
                .containsEntry("GATEHOUSE_GATEWAY_TLS_PORT", String.valueOf(GATEWAY_TLS_PORT))
                .containsEntry("GATEHOUSE_GATEWAY_CACHE_DIR", ARTIFACTS.get("GATEWAY_CACHE_DIR"));
        assertThat(gateway.get("GATEHOUSE_GATEWAY_CONTROL_PLANE")).endsWith(":" + SYNC_PORT + SyncProtocol.PATH);
    }

    private static void assertUnit(String unit, String jar, String envFile, String dataDir) throws IOException {
        Map<String, String> service = readEnvFile(DEPLOY.resolve("systemd").resolve(unit));
        assertThat(service.get("ExecStart")).contains("-jar /opt/gatehouse/" + jar)
                .contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");
        assertThat(service).containsEntry("User", "gatehouse")
                .containsEntry("NoNewPrivileges", "true")
                .containsEntry("ProtectSystem", "strict")
                .containsEntry("ReadWritePaths", dataDir)
                .containsEntry("WorkingDirectory", dataDir)
                .containsEntry("EnvironmentFile", "/etc/gatehouse/" + envFile)
                .containsKey("LimitNOFILE");
        assertThat(DEPLOY.resolve("systemd").resolve(envFile)).exists();
    }

    // --- Helm chart ---

    @Test
    void theChartIsAHelm3ApplicationChart() throws IOException {
        Map<String, Object> chart = yaml(CHART.resolve("Chart.yaml"));
        assertThat(chart).containsEntry("apiVersion", "v2").containsEntry("name", "gatehouse")
                .containsEntry("type", "application");
        assertThat(String.valueOf(chart.get("version"))).matches("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?");
        assertThat(CHART.resolve("templates/NOTES.txt")).exists();
        assertThat(CHART.resolve("templates/_helpers.tpl")).exists();
    }

    @Test
    void theDefaultValuesSatisfyTheSchema() {
        assertThat(chartSchema().violations(chartValues())).isEmpty();
    }

    @Test
    void badValuesFailAtInstallTime() {
        JsonSchemaSubset schema = chartSchema();
        assertThat(schema.violations(edited(values -> ((ObjectNode) values.get("controlPlane")).put("replicaCount", 0))))
                .containsExactly("$.controlPlane.replicaCount: must be at least 1, not 0");
        assertThat(schema.violations(edited(values -> ((ObjectNode) values.get("controlPlane")).put("port", "8080"))))
                .containsExactly("$.controlPlane.port: must be of type \"integer\", not string \"8080\"");
        assertThat(schema.violations(edited(values -> ((ObjectNode) values.get("gateway")).put("statusPort", 70000))))
                .containsExactly("$.gateway.statusPort: must be at most 65535, not 70000");
        assertThat(schema.violations(edited(values -> ((ObjectNode) values.get("database")).put("url", "postgres://db/gatehouse"))))
                .containsExactly("$.database.url: must match ^(jdbc:postgresql://.+)?$, not \"postgres://db/gatehouse\"");
        assertThat(schema.violations(edited(values -> ((ObjectNode) values.get("controlPlane").get("service")).put("type", "Ingress"))))
                .containsExactly("$.controlPlane.service.type: must be one of [\"ClusterIP\",\"NodePort\",\"LoadBalancer\"], not \"Ingress\"");
        assertThat(schema.violations(edited(values -> ((ObjectNode) values).put("replicas", 3))))
                .containsExactly("$.replicas: is not a known setting");
        assertThat(schema.violations(edited(values -> ((ObjectNode) values).remove("database"))))
                .containsExactly("$.database: is required");
        assertThat(schema.violations(edited(values -> ((ObjectNode) values.get("gateway")).putArray("extraEnv").addObject().put("value", "x"))))
                .containsExactly("$.gateway.extraEnv[0].name: is required");
    }

    @Test
    void theSchemaCheckRefusesKeywordsItDoesNotImplement() {
        ObjectNode schema = (ObjectNode) readJson(CHART.resolve("values.schema.json"));
        ((ObjectNode) schema.get("properties").get("controlPlane")).putObject("if");
        assertThatThrownBy(() -> new JsonSchemaSubset(schema)).hasMessageContaining("'if'");
    }

    @Test
    void theChartsPortsAreTheApplicationsPorts() {
        JsonNode values = chartValues();
        assertThat(values.get("controlPlane").get("port").asLong()).isEqualTo(CONTROL_PLANE_PORT);
        assertThat(values.get("controlPlane").get("syncPort").asLong()).isEqualTo(SYNC_PORT);
        assertThat(values.get("controlPlane").get("syncService").get("port").asLong()).isEqualTo(SYNC_PORT);
        assertThat(values.get("gateway").get("proxyPort").asLong()).isEqualTo(GATEWAY_PROXY_PORT);
        assertThat(values.get("gateway").get("statusPort").asLong()).isEqualTo(GATEWAY_STATUS_PORT);
        assertThat(values.get("gateway").get("tlsPort").asLong()).isEqualTo(GATEWAY_TLS_PORT);
    }

    @Test
    void everyValueATemplateReadsExistsInValuesYaml() throws IOException {
        JsonNode values = chartValues();
        Pattern reference = Pattern.compile("\\.Values((?:\\.[A-Za-z_][A-Za-z0-9_]*)+)");
        // Locals bound to a values subtree ({{- $cp := .Values.controlPlane -}}) are followed too.
        Pattern local = Pattern.compile("\\$(\\w+) := \\.Values((?:\\.[A-Za-z_][A-Za-z0-9_]*)+)");
        List<String> missing = new ArrayList<>();
        for (Path template : templates()) {
            String text = Files.readString(template);
            Map<String, String> locals = new HashMap<>();
            Matcher declared = local.matcher(text);
            while (declared.find()) {
                locals.put(declared.group(1), declared.group(2));
            }
            Matcher used = reference.matcher(text);
            while (used.find()) {
                checkValuePath(values, used.group(1), template, missing);
            }
            for (Map.Entry<String, String> variable : locals.entrySet()) {
                Matcher viaLocal = Pattern.compile("\\$" + variable.getKey() + "((?:\\.[A-Za-z_][A-Za-z0-9_]*)+)").matcher(text);
                while (viaLocal.find()) {
                    checkValuePath(values, variable.getValue() + viaLocal.group(1), template, missing);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    private static void checkValuePath(JsonNode values, String dotted, Path template, List<String> missing) {
        JsonNode node = values;
        for (String key : dotted.substring(1).split("\\.")) {
            if (node == null || !node.isObject() || !node.has(key)) {
                missing.add(CHART.relativize(template) + ": .Values" + dotted);
                return;
            }
            node = node.get(key);
        }
    }

    @Test
    void everyIncludedTemplateIsDefinedAndEveryBlockIsClosed() throws IOException {
        Set<String> defined = new LinkedHashSet<>();
        Matcher define = Pattern.compile("\\{\\{-?\\s*define \"([^\"]+)\"").matcher(Files.readString(CHART.resolve("templates/_helpers.tpl")));
        while (define.find()) {
            defined.add(define.group(1));
        }
        Pattern include = Pattern.compile("include \"([^\"]+)\"");
        Pattern opens = Pattern.compile("\\{\\{-?\\s*(if|with|range|define)\\b");
        Pattern ends = Pattern.compile("\\{\\{-?\\s*end\\s*-?}}");
        for (Path template : templates()) {
            String text = Files.readString(template);
            Matcher included = include.matcher(text);
            while (included.find()) {
                assertThat(defined).as("include in %s", template.getFileName()).contains(included.group(1));
            }
            assertThat(ends.matcher(text).results().count()).as("{{ end }}s in %s", template.getFileName())
                    .isEqualTo(opens.matcher(text).results().count());
        }
    }

    @Test
    void everyIndentedBlockLandsAtItsLinesIndentation() throws IOException {
        // "  {{- include ... | nindent 4 }}" trims the line's own spaces and re-indents by 4: the two must agree,
        // or the rendered YAML nests the block under the wrong key.
        Pattern indented = Pattern.compile("^( *)\\{\\{-.*\\| nindent (\\d+) }}\\s*$");
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Path template : templates()) {
            List<String> lines = Files.readAllLines(template);
            for (int i = 0; i < lines.size(); i++) {
                Matcher line = indented.matcher(lines.get(i));
                if (line.matches()) {
                    checked++;
                    if (line.group(1).length() != Integer.parseInt(line.group(2))) {
                        wrong.add(template.getFileName() + ":" + (i + 1));
                    }
                }
            }
        }
        assertThat(checked).as("indented blocks found").isGreaterThan(30);
        assertThat(wrong).isEmpty();
    }

    @Test
    void theChartProbesAndShutsDownOnTheActuatorGroups() throws IOException {
        String controlPlane = Files.readString(CHART.resolve("templates/control-plane-deployment.yaml"));
        assertThat(controlPlane).contains("path: /actuator/health/readiness", "path: /actuator/health/liveness",
                "preStop:", "terminationGracePeriodSeconds: {{ $cp.terminationGracePeriodSeconds }}");
        String gateway = Files.readString(CHART.resolve("templates/gateway-deployment.yaml"));
        assertThat(gateway).contains("path: /status");
        assertThat(CHART.resolve("templates/gateway-hpa.yaml")).content().contains("kind: HorizontalPodAutoscaler");
        assertThat(CHART.resolve("templates/gateway-pdb.yaml")).content().contains("kind: PodDisruptionBudget");
        assertThat(CHART.resolve("templates/control-plane-service.yaml")).content()
                .contains("name: {{ include \"gatehouse.sync.fullname\" . }}", "targetPort: sync");
    }

    // --- monitoring ---

    @Test
    void monitoringScrapesBothPlanesOnTheirPortsAndPaths() throws IOException {
        Map<String, Object> prometheus = yaml(DEPLOY.resolve("monitoring/prometheus.yml"));
        Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
        for (Object job : list(prometheus.get("scrape_configs"))) {
            jobs.put(String.valueOf(map(job).get("job_name")), map(job));
        }
        assertThat(jobs.get("gatehouse-control-plane")).containsEntry("metrics_path", "/actuator/prometheus");
        assertThat(String.valueOf(jobs.get("gatehouse-control-plane").get("static_configs"))).contains(":" + CONTROL_PLANE_PORT);
        assertThat(jobs.get("gatehouse-gateway")).containsEntry("metrics_path", "/metrics");
        assertThat(String.valueOf(jobs.get("gatehouse-gateway").get("static_configs"))).contains(":" + GATEWAY_STATUS_PORT);
        for (Object ruleFile : list(prometheus.get("rule_files"))) {
            assertThat(map(yaml(DEPLOY.resolve("monitoring").resolve(String.valueOf(ruleFile)))).get("groups")).isNotNull();
        }
    }

    @Test
    void everyMetricTheDashboardAndAlertsUseIsDocumented() throws IOException {
        String operations = Files.readString(ROOT.resolve("docs/OPERATIONS.md"));
        JsonNode dashboard = readJson(DEPLOY.resolve("monitoring/grafana-dashboard.json"));
        Set<String> metrics = new TreeSet<>();
        Pattern metric = Pattern.compile("\\b((?:gatehouse|http_server|hikaricp|jvm|process)_[a-z_]+)");
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels").values()) {
            if (panel.has("targets")) {
                panel.get("targets").values().forEach(target -> expressions.add(target.get("expr").stringValue()));
            }
        }
        assertThat(expressions).hasSizeGreaterThan(10);
        expressions.add(Files.readString(DEPLOY.resolve("monitoring/alerts.yml")));
        for (String expression : expressions) {
            metric.matcher(expression).results().forEach(found -> metrics.add(found.group(1)
                    .replaceAll("_(bucket|count|sum)$", "")));
        }
        assertThat(metrics).isNotEmpty().allSatisfy(name -> assertThat(operations).contains("`" + name));
    }

    // --- helpers ---

    private static List<Path> deployFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        files.add(ROOT.resolve("docs/OPERATIONS.md"));
        return files;
    }

    private static List<Path> templates() throws IOException {
        try (Stream<Path> walk = Files.list(CHART.resolve("templates"))) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static JsonSchemaSubset chartSchema() {
        return new JsonSchemaSubset(readJson(CHART.resolve("values.schema.json")));
    }

    private static JsonNode chartValues() {
        try {
            return JSON.valueToTree(yaml(CHART.resolve("values.yaml")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode edited(Consumer<JsonNode> edit) {
        JsonNode values = chartValues();
        edit.accept(values);
        return values;
    }

    private static JsonNode readJson(Path file) {
        return JSON.readTree(file.toFile());
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        return map(yaml.load(Files.readString(file)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    private static Object path(Map<String, Object> document, String... keys) {
        Object node = document;
        for (String key : keys) {
            node = map(node).get(key);
        }
        return node;
    }

    /** KEY=value lines (env files, and the Key=Value lines of systemd units); comments and sections skipped. */
    private static Map<String, String> readEnvFile(Path file) {
        try {
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.trim();
                int equals = trimmed.indexOf('=');
                if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("[") || equals < 1) {
                    continue;
                }
                values.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
            }
            return values;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    private static int port(String name) {
        return Integer.parseInt(ARTIFACTS.get(name));
    }

    /** The pom's build/finalName, or null when it keeps Maven's default. */
    private static String finalName(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(pom.toFile());
        for (Node child = document.getDocumentElement().getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element build && build.getTagName().equals("build")) {
                for (Node inner = build.getFirstChild(); inner != null; inner = inner.getNextSibling()) {
                    if (inner instanceof Element element && element.getTagName().equals("finalName")) {
                        return element.getTextContent().trim();
                    }
                }
            }
        }
        return null;
    }
}
