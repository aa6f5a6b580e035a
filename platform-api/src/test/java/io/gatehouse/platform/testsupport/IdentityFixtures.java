package io.gatehouse.platform.testsupport;

import java.util.UUID;

/** Unique names for tests that share one database. */
public final class IdentityFixtures {

    private IdentityFixtures() {
    }

    public static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
