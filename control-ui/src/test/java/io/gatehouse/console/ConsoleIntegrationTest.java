package io.gatehouse.console;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.gatehouse.platform.identity.SignedInUser;
import io.gatehouse.platform.members.SignUp;
import io.gatehouse.platform.members.SignUps;
import io.gatehouse.platform.members.SignedUp;

/**
 * The base of every control-plane integration test: the whole application on a random port, with a
 * {@code MockMvc} for request-level tests and mail going to the in-process SMTP server. Every subclass
 * shares this one configuration, so the Spring context starts once per test JVM. What nearly every test does
 * first is here too: sign a customer up (a new organization) and send requests as that customer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@Import(ConsoleTestConfiguration.class)
public abstract class ConsoleIntegrationTest {

    @LocalServerPort
    protected int port;
    @Autowired
    protected MockMvc mvc;
    @Autowired
    protected SignUps signUps;

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", TestMail::host);
        registry.add("spring.mail.port", TestMail::port);
    }

    protected String baseUrl() {
        return "http://localhost:" + port;
    }

    /** A random suffix for names that must not meet another test's (tests share one database). */
    public static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new organization named after {@code who}, with {@code who} as its admin (slow: it hashes a password). */
    protected SignedUp signUp(String who) {
        String suffix = suffix();
        return signUps.signUp(new SignUp(who + "-" + suffix + "@example.com", who, "correct horse battery",
                who + " corp " + suffix, who + "-" + suffix));
    }

    /** The response to {@code request} sent by {@code as}, signed in to the console. */
    protected MockHttpServletResponse perform(MockHttpServletRequestBuilder request, SignedUp as) throws Exception {
        return mvc.perform(request.with(user(SignedInUser.of(as.account())))).andReturn().getResponse();
    }
}
