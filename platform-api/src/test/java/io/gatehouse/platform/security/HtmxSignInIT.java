package io.gatehouse.platform.security;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;

import io.gatehouse.platform.identity.IdentityITSupport;

/**
 * Without a session, a page request is redirected to sign in, while an htmx request (which would swap the
 * sign-in page into part of the page) gets a 401 telling htmx to navigate the whole page there.
 */
class HtmxSignInIT extends IdentityITSupport {

    @Test
    void anHtmxRequestWithoutASessionIsSentToSignInAsAWholePage() throws Exception {
        mvc.perform(get("/orgs/acme/audit-log").header("HX-Request", "true"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("HX-Redirect", "/login"));
    }

    @Test
    void aPageRequestWithoutASessionIsRedirectedToSignIn() throws Exception {
        mvc.perform(get("/orgs/acme/audit-log"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/login"))
                .andExpect(header().doesNotExist("HX-Redirect"));
    }
}
