package io.gatehouse.console.shell;

import jakarta.servlet.http.HttpServletRequest;

/** What the console needs to know about htmx requests outside a handler method. */
public final class Htmx {

    private Htmx() {
    }

    /** Whether the request was made by htmx (and so expects a fragment, not a page). */
    public static boolean isRequest(HttpServletRequest request) {
        return "true".equalsIgnoreCase(request.getHeader("HX-Request"));
    }
}
