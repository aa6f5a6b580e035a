package io.gatehouse.gateway.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty's leak detector (paranoid in every test JVM, see the parent pom) reported a ByteBuf
 * that was garbage collected without being released. Registered for every class by JUnit's extension
 * autodetection. After each class it collects garbage and allocates a few buffers, which makes the detector report
 * what it found; a leak caused by an earlier class may surface here, so the report names the allocation sites.
 */
public final class NoLeaks implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(20);
            for (int i = 0; i < 16; i++) {
                release(ByteBufAllocator.DEFAULT.directBuffer(16));
                release(ByteBufAllocator.DEFAULT.heapBuffer(16));
                release(Unpooled.directBuffer(16));
            }
        }
        List<String> leaks = LeakRecorder.drain();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " ByteBuf leak(s) reported by Netty's paranoid leak detector"
                    + " (during or before " + context.getDisplayName() + "):\n" + String.join("\n\n", leaks));
        }
    }

    private static void release(ByteBuf buffer) {
        buffer.release();
    }
}
