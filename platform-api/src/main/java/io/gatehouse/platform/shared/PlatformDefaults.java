package io.gatehouse.platform.shared;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds platform-api's required defaults ({@code META-INF/gatehouse-platform-defaults.properties}) with
 * the lowest precedence, so that every application and test built on the platform gets them and can
 * still override any of them.
 */
public class PlatformDefaults implements EnvironmentPostProcessor {

    static final String RESOURCE = "META-INF/gatehouse-platform-defaults.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment.getPropertySources().addLast(new ResourcePropertySource("gatehouse-platform-defaults",
                    new ClassPathResource(RESOURCE, PlatformDefaults.class.getClassLoader())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
