package io.gatehouse.platform.portal.products;

import java.util.Locale;

/** How applications on a plan authenticate at the gateway. */
public enum PlanAuth {
    /** An API key (gateway key-auth plugin). */
    KEY_AUTH("key-auth"),
    /** A JWT from the platform's authorization server, client credentials grant (gateway jwt plugin). */
    OAUTH2_CLIENT_CREDENTIALS("oauth2-client-credentials");

    private final String wireName;

    PlanAuth(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static PlanAuth of(String wireName) {
        for (PlanAuth auth : values()) {
            if (auth.wireName.equals(wireName.toLowerCase(Locale.ROOT))) {
                return auth;
            }
        }
        throw new IllegalArgumentException(wireName);
    }
}
