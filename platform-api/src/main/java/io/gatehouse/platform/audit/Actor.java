package io.gatehouse.platform.audit;

/**
 * Who did something: a console user, a system account, a personal access token (and its user), a
 * gateway, or the platform itself (scheduled jobs).
 */
public record Actor(Type type, String id, String name) {

    public enum Type { USER, SYSTEM_ACCOUNT, TOKEN, GATEWAY, DEVELOPER, SYSTEM, ANONYMOUS }

    public static final Actor SYSTEM = new Actor(Type.SYSTEM, null, "gatehouse");
    public static final Actor ANONYMOUS = new Actor(Type.ANONYMOUS, null, "anonymous");

    /** Implemented by authenticated principals so that the audit log can name them. */
    public interface Source {
        Actor actor();
    }
}
