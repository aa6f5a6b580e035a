package io.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** How the one executable reads its settings from the command line and, as containers do, the environment. */
class GatewayLaunchTests {

    private static final Map<String, String> CONTAINER = Map.of(
            "GATEHOUSE_GATEWAY_CONTROL_PLANE", "wss://cp:8005/v1/sync",
            "GATEHOUSE_GATEWAY_PROXY_PORT", "9000",
            "GATEHOUSE_GATEWAY_STATUS_PORT", "9100",
            "GATEHOUSE_GATEWAY_CACHE_DIR", "/var/lib/gatehouse-gateway");

    @Test
    void theEnvironmentFillsInWhatTheCommandLineDoesNotSay() {
        String[] effective = GatewayApplication.withEnvironment(new String[] {"--token", "gh_gwt_x"}, CONTAINER);

        assertThat(String.join(" ", effective)).isEqualTo("--token gh_gwt_x"
                + " --cache-dir /var/lib/gatehouse-gateway --control-plane wss://cp:8005/v1/sync"
                + " --port 9000 --status-port 9100");
    }

    @Test
    void aFlagOnTheCommandLineWinsOverTheEnvironment() {
        String[] effective = GatewayApplication.withEnvironment(new String[] {"--port", "7000"}, CONTAINER);

        assertThat(effective).containsSubsequence("--port", "7000").doesNotContain("9000");
    }

    @Test
    void aDeclarativeFileKeepsTheGatewayDbLessWhateverTheEnvironmentSaysOfSync() {
        String[] effective = GatewayApplication.withEnvironment(new String[] {"--config", "kong.yaml"}, CONTAINER);

        assertThat(effective).doesNotContain("--control-plane", "--cache-dir").contains("--port", "--status-port");
    }

    @Test
    void blankVariablesAreIgnored() {
        String[] effective = GatewayApplication.withEnvironment(new String[] {"--config", "kong.yaml"},
                Map.of("GATEHOUSE_GATEWAY_PROXY_PORT", " "));

        assertThat(effective).containsExactly("--config", "kong.yaml");
    }
}
