package io.gatehouse.platform.gateways.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.gatehouse.platform.security.PublicPaths;

/**
 * The OpenAPI document of the REST API ({@code /v3/api-docs}, by springdoc) and its interactive viewer
 * ({@code /swagger-ui.html}) are public, like Kong's published Admin API spec: they describe the API, hold no
 * tenant data, and every call made from the viewer still needs a token.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    @Bean
    PublicPaths apiDocumentationPaths() {
        return PublicPaths.of("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**");
    }
}
