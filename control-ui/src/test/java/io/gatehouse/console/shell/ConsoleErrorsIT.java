package io.gatehouse.console.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.gatehouse.console.ConsoleIntegrationTest;
import io.gatehouse.platform.identity.SignedInUser;

/**
 * {@link ConsoleErrors} and the one-URL-two-handlers rule, through the whole application: a plain request
 * gets a full page inside the console shell, an htmx request only the fragment (errors retargeted into the
 * page's message region), and typed exceptions get their status and words a user can act on.
 */
class ConsoleErrorsIT extends ConsoleIntegrationTest {

    private static final SignedInUser ALICE = new SignedInUser(UUID.randomUUID(), "alice@example.com", "Alice",
            null, true, null);

    @Test
    void notFoundIsA404PageInsideTheShell() throws Exception {
        MockHttpServletResponse response = perform(get("/probe/errors/not-found"));

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentAsString())
                .contains("<html", "We could not find that widget.", "Signed in as", "Sign out")
                .doesNotContain("w-42");
        assertThat(response.getHeader("HX-Retarget")).isNull();
        assertThat(response.getHeader("Content-Security-Policy")).contains("script-src 'self'", "frame-ancestors 'none'");
    }

    @Test
    void anHtmxRequestGetsTheErrorFragmentRetargetedIntoTheMessageRegion() throws Exception {
        MockHttpServletResponse response = perform(get("/probe/errors/not-found").header("HX-Request", "true"));

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getHeader("HX-Retarget")).isEqualTo("#messages");
        assertThat(response.getHeader("HX-Reswap")).isEqualTo("innerHTML");
        assertThat(response.getContentAsString())
                .contains("We could not find that widget.", "role=\"alert\"")
                .doesNotContain("<html", "Sign out");
    }

    @Test
    void forbiddenIsA403WithTheReason() throws Exception {
        MockHttpServletResponse response = perform(get("/probe/errors/forbidden"));

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getContentAsString()).contains("Only admins may touch widgets.");
    }

    @Test
    void conflictIsA409() throws Exception {
        MockHttpServletResponse response = perform(post("/probe/errors/conflict").with(csrf())
                .header("HX-Request", "true"));

        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(response.getContentAsString()).contains("The widget name is taken.");
    }

    @Test
    void invalidInputListsEveryFieldMessage() throws Exception {
        MockHttpServletResponse response = perform(post("/probe/errors/invalid").with(csrf()));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString())
                .contains("<code>name</code>", "must not be blank", "<code>size</code>", "must be at most 10");
    }

    @Test
    void aParameterOfTheWrongTypeIsA400NamingIt() throws Exception {
        MockHttpServletResponse response = perform(get("/probe/number").param("value", "many"));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString()).contains("<code>value</code>", "is not a valid value");
    }

    @Test
    void anUnexpectedErrorIsA500ThatLeaksNothing() throws Exception {
        MockHttpServletResponse response = perform(get("/probe/errors/boom"));

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getContentAsString())
                .contains("Something went wrong on our side")
                .doesNotContain("secret-internal", "IllegalStateException");
    }

    @Test
    void oneUrlServesTheFullPageOrJustTheFragment() throws Exception {
        String page = perform(get("/probe/page")).getContentAsString();
        String fragment = perform(get("/probe/page").header("HX-Request", "true")).getContentAsString();

        assertThat(page).contains("<html", "<nav", "Sign out", "class=\"alert alert-error\"");
        assertThat(fragment).contains("class=\"alert alert-error\"").doesNotContain("<html", "<nav", "Sign out");
    }

    private MockHttpServletResponse perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(user(ALICE))).andReturn().getResponse();
    }
}
