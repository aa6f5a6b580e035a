package io.gatehouse.platform.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Sync hub settings for every Spring test context (in this module and in those that use its test-jar): an
 * ephemeral port instead of 8005, a temporary TLS directory, and short heartbeats. Added last, so a test
 * or an application's own settings override them.
 */
public class SyncTestSettings implements ContextCustomizerFactory {

    private static final Path TLS_DIRECTORY = temporaryDirectory();

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> attributes) {
        return new Customizer();
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("gatehouse-sync-tls");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static final class Customizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            context.getEnvironment().getPropertySources().addLast(new MapPropertySource("gatehouse-sync-test",
                    Map.of("gatehouse.sync.port", "0", "gatehouse.sync.host", "127.0.0.1",
                            "gatehouse.sync.tls.directory", TLS_DIRECTORY.toString(),
                            "gatehouse.sync.heartbeat-interval", "1s")));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Customizer;
        }

        @Override
        public int hashCode() {
            return Customizer.class.hashCode();
        }
    }
}
