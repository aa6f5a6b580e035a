package io.gatehouse.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import org.junit.jupiter.api.Test;

import io.gatehouse.platform.identity.IdentityITSupport;

/** Paths declared with {@link PublicPaths} pass the console chain without a session or CSRF token; others do not. */
class PublicPathsIT extends IdentityITSupport {

    @Test
    void declaredPathsNeedNeitherASignedInUserNorACsrfToken() throws Exception {
        int get = mvc.perform(get("/self-authenticating/hello")).andReturn().getResponse().getStatus();
        int postWithoutCsrf = mvc.perform(post("/self-authenticating/hello")).andReturn().getResponse().getStatus();

        assertThat(get).as("reaches the application (no handler here)").isEqualTo(404);
        assertThat(postWithoutCsrf).isEqualTo(404);
    }

    @Test
    void otherPathsStillNeedBoth() throws Exception {
        assertThat(mvc.perform(get("/elsewhere/hello")).andReturn().getResponse().getStatus()).isEqualTo(302);
        assertThat(mvc.perform(post("/elsewhere/hello")).andReturn().getResponse().getStatus()).isEqualTo(403);
    }
}
