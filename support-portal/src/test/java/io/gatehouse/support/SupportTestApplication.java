package io.gatehouse.support;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Primary;

import io.gatehouse.platform.PlatformTestApplication;

/**
 * The support portal with the platform it builds on, booted for the integration tests, with a clock the
 * tests move. Scans like the real application ({@code io.gatehouse}), minus platform-api's own test boot class.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@AutoConfigurationPackage(basePackages = "io.gatehouse")
@ComponentScan(basePackages = "io.gatehouse",
        excludeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = PlatformTestApplication.class))
public class SupportTestApplication {

    @Bean
    @Primary
    MutableClock testClock() {
        return new MutableClock();
    }
}
