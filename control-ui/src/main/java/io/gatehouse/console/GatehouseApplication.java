package io.gatehouse.console;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.gatehouse.console.embedded.EmbeddedDatabase;

/**
 * The control plane: the console, the developer portal, the support desk, the REST API and the sync hub,
 * assembled from the platform-api and support-portal modules.
 */
@SpringBootApplication(scanBasePackages = "io.gatehouse")
@AutoConfigurationPackage(basePackages = "io.gatehouse")
@EnableScheduling
public class GatehouseApplication {

    public static void main(String[] args) {
        EmbeddedDatabase.startUnlessConfigured();
        SpringApplication.run(GatehouseApplication.class, args);
    }
}
