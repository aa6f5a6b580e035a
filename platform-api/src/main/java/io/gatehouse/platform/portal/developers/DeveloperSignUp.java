package io.gatehouse.platform.portal.developers;

/** What a developer signs up with. */
public record DeveloperSignUp(String email, String name, String password) {

    /** Never prints the password. */
    @Override
    public String toString() {
        return "DeveloperSignUp[email=" + email + ", name=" + name + "]";
    }
}
