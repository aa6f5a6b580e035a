package io.gatehouse.console;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import io.gatehouse.console.portal.PortalFixtures;
import io.gatehouse.console.shell.ErrorProbeController;

/**
 * What the console's integration tests add to the application: a controller that fails on purpose, a clock
 * tests can move ahead (the system clock unless a test sets it), and the portal tests' fixtures.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ErrorProbeController.class, PortalFixtures.class})
class ConsoleTestConfiguration {

    @Bean
    @Primary
    TestClock testClock() {
        return new TestClock();
    }
}
