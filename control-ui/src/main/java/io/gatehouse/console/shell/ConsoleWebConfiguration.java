package io.gatehouse.console.shell;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;

@Configuration(proxyBeanMethods = false)
class ConsoleWebConfiguration implements WebMvcConfigurer {

    private final Shells shells;

    ConsoleWebConfiguration(Shells shells, ThymeleafViewResolver views,
            @Value("${gatehouse.console.htmx-version}") String htmxVersion) {
        this.shells = shells;
        // Every page, the error pages of Spring Boot's /error included, loads htmx from its webjar.
        views.addStaticVariable("htmxVersion", htmxVersion);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ShellInterceptor(shells))
                .excludePathPatterns("/api/**", "/oauth2/**", "/css/**", "/js/**", "/webjars/**");
    }
}
