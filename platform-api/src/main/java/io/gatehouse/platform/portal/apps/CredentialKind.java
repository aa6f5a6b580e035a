package io.gatehouse.platform.portal.apps;

import java.util.Locale;

/** What kind of credential: an API key, or an OAuth2 client of the platform's authorization server. */
public enum CredentialKind {
    API_KEY("api-key"), OAUTH2_CLIENT("oauth2-client");

    private final String wireName;

    CredentialKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static CredentialKind of(String wireName) {
        for (CredentialKind kind : values()) {
            if (kind.wireName.equals(wireName.toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException(wireName);
    }
}
