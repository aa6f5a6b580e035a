package io.gatehouse.console;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

import io.gatehouse.console.shell.ErrorProbeController;

/** What the console's integration tests add to the application: a controller that fails on purpose. */
@TestConfiguration(proxyBeanMethods = false)
@Import(ErrorProbeController.class)
class ConsoleTestConfiguration {
}
