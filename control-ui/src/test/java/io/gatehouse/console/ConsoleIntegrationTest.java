package io.gatehouse.console;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The base of every control-plane integration test: the whole application on a random port, with a
 * {@code MockMvc} for request-level tests and mail going to the in-process SMTP server. Every subclass
 * shares this one configuration, so the Spring context starts once per test JVM.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@Import(ConsoleTestConfiguration.class)
public abstract class ConsoleIntegrationTest {

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", TestMail::host);
        registry.add("spring.mail.port", TestMail::port);
    }

    protected String baseUrl() {
        return "http://localhost:" + port;
    }
}
