package io.gatehouse.platform.portal.apps;

/** A new credential with its secret (the API key or client secret): show it once, it is not stored in clear. */
public record IssuedCredential(Credential credential, String secret) {

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "IssuedCredential[credential=" + credential + ", secret=****]";
    }
}
