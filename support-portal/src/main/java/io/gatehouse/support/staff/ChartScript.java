package io.gatehouse.support.staff;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import org.springframework.stereotype.Component;

/**
 * Where the SLA report loads Chart.js from: the {@code org.webjars.npm:chart.js} webjar on the classpath, whose
 * version is read from the webjar's own Maven metadata, so the build's one version number is the only one.
 */
@Component
public class ChartScript {

    private static final String METADATA = "/META-INF/maven/org.webjars.npm/chart.js/pom.properties";

    private final String path;

    ChartScript() {
        Properties properties = new Properties();
        try (InputStream in = ChartScript.class.getResourceAsStream(METADATA)) {
            if (in == null) {
                throw new IllegalStateException("The Chart.js webjar is not on the classpath (" + METADATA + ")");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.path = "/webjars/chart.js/" + properties.getProperty("version") + "/dist/chart.umd.min.js";
    }

    /** The script's path in the application, e.g. {@code /webjars/chart.js/4.5.1/dist/chart.umd.min.js}. */
    public String path() {
        return path;
    }
}
