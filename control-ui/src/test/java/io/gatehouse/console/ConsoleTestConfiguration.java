package io.gatehouse.console;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import io.gatehouse.console.shell.ErrorProbeController;

/**
 * What the console's integration tests add to the application: a controller that fails on purpose, and a clock
 * tests can move ahead (the system clock unless a test sets it).
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(ErrorProbeController.class)
class ConsoleTestConfiguration {

    @Bean
    @Primary
    TestClock testClock() {
        return new TestClock();
    }
}
