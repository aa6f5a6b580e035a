package io.gatehouse.platform.shared.errors;

/**
 * A resource does not exist, or exists in another tenant: both are a 404, so that nobody can learn
 * whether another organization's resource exists.
 */
public class NotFoundException extends RuntimeException {

    private final String resource;
    private final String id;

    public NotFoundException(String resource, Object id) {
        super(resource + " '" + id + "' was not found");
        this.resource = resource;
        this.id = String.valueOf(id);
    }

    public String resource() {
        return resource;
    }

    public String id() {
        return id;
    }
}
