package io.gatehouse.platform;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The platform-api module booted alone, for its integration tests. */
@SpringBootApplication
@AutoConfigurationPackage(basePackages = "io.gatehouse")
public class PlatformTestApplication {
}
