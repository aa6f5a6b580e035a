package io.gatehouse.console.gateways;

import jakarta.servlet.http.HttpServletResponse;

/** How the gateway forms answer htmx: a saved form redirects the browser, a rejected one comes back alone. */
final class HxViews {

    private HxViews() {
    }

    /**
     * {@code view} is what the plain handler returned: a redirect becomes {@code HX-Redirect} (204), a page
     * becomes its fragment {@code fragment}, which the form's {@code hx-target} replaces.
     */
    static String inPlace(String view, String fragment, HttpServletResponse response) {
        if (view.startsWith("redirect:")) {
            response.setHeader("HX-Redirect", view.substring("redirect:".length()));
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return "gateways/fields :: empty";
        }
        return view + " :: " + fragment;
    }
}
