package io.gatehouse.gateway.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition that other threads make true, failing after a deadline. */
public final class Await {

    private Await() {
    }

    public static void until(Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + deadline);
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }
}
