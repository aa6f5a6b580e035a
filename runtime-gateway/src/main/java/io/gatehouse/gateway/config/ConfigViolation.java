package io.gatehouse.gateway.config;

/**
 * One thing wrong with a piece of config: {@code path} names the field the way a user wrote it
 * ({@code services[0].routes[1].paths[0]}, or {@code paths[0]} for a single entity, or
 * {@code config.minute} inside a plugin), {@code message} is one of the {@link ConfigMessages}.
 */
public record ConfigViolation(String path, String message) {

    /** A violation with a message template filled in. */
    public static ConfigViolation of(String path, String template, Object... args) {
        return new ConfigViolation(path, args.length == 0 ? template : String.format(template, args));
    }

    /** This violation with {@code prefix} put in front of its path ({@code services[0]} + {@code name}). */
    public ConfigViolation under(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return this;
        }
        if (path.isEmpty()) {
            return new ConfigViolation(prefix, message);
        }
        return new ConfigViolation(path.startsWith("[") ? prefix + path : prefix + "." + path, message);
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }

}
