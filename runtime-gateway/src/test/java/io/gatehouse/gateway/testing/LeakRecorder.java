package io.gatehouse.gateway.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Keeps what Netty's leak detector reports (logback-test.xml attaches it to {@code io.netty.util.ResourceLeakDetector}),
 * so {@link NoLeaks} can fail the tests instead of a {@code LEAK:} line scrolling by in the build output.
 */
public final class LeakRecorder extends AppenderBase<ILoggingEvent> {

    private static final ConcurrentLinkedQueue<String> REPORTS = new ConcurrentLinkedQueue<>();

    @Override
    protected void append(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        if (message != null && message.contains("LEAK:")) {
            REPORTS.add(message);
        }
    }

    /** The reports since the last call, removed. */
    static List<String> drain() {
        List<String> reports = new ArrayList<>();
        String report;
        while ((report = REPORTS.poll()) != null) {
            reports.add(report);
        }
        return reports;
    }
}
