package io.gatehouse.platform.security;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

import io.gatehouse.platform.identity.AccountDetailsService;
import io.gatehouse.platform.identity.LoginThrottle;
import io.gatehouse.platform.members.Memberships;
import io.gatehouse.platform.oauth.SystemAccountTokens;
import io.gatehouse.platform.organizations.Organizations;
import io.gatehouse.platform.sso.SsoLogin;
import io.gatehouse.platform.tenancy.TenantScopes;
import io.gatehouse.platform.tokens.PersonalAccessTokens;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The three security filter chains, tried in order:
 * <ol>
 * <li>the OAuth2 authorization server's endpoints ({@code /oauth2/token}, {@code /oauth2/jwks}, metadata):
 * client authentication, no session;</li>
 * <li>the REST API ({@code /api/**}): stateless bearer tokens only, either a personal access token
 * ({@code gh_pat_…}) or a JWT of this platform; problem+json 401/403;</li>
 * <li>the console and everything else: form login (throttled), optional per-organization OIDC sign-in,
 * sessions in the database, CSRF on every unsafe request (form field {@code _csrf} or header
 * {@code X-CSRF-TOKEN}).</li>
 * </ol>
 * Each chain ends with {@link TenantResolution}, which resolves the caller's organization and tenant scope.
 */
@Configuration(proxyBeanMethods = false)
class SecurityChains {

    /** Console URLs anyone may open. */
    static final String[] PUBLIC_CONSOLE_PATHS = {"/login", "/signup", "/invitations/**", "/portal/**", "/webjars/**",
            "/css/**", "/js/**", "/images/**", "/favicon.ico", "/actuator/health/**", "/error"};

    private final Organizations organizations;
    private final Memberships memberships;
    private final TenantScopes scopes;

    SecurityChains(Organizations organizations, Memberships memberships, TenantScopes scopes) {
        this.organizations = organizations;
        this.memberships = memberships;
        this.scopes = scopes;
    }

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerChain(HttpSecurity http) throws Exception {
        OAuth2AuthorizationServerConfigurer authorizationServer = new OAuth2AuthorizationServerConfigurer();
        http.securityMatcher(authorizationServer.getEndpointsMatcher())
                .with(authorizationServer, server -> { })
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .csrf(csrf -> csrf.ignoringRequestMatchers(authorizationServer.getEndpointsMatcher()))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiChain(HttpSecurity http, PersonalAccessTokens personalAccessTokens, JwtDecoder jwtDecoder,
            SystemAccountTokens systemAccountTokens) throws Exception {
        AuthenticationEntryPoint entryPoint = apiEntryPoint();
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationManagerResolver(tokenAuthentication(personalAccessTokens, jwtDecoder,
                                systemAccountTokens))
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(apiAccessDenied()))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(apiAccessDenied()))
                .addFilterAfter(new TenantResolution(TenantResolution.Surface.API, organizations, memberships, scopes),
                        AuthorizationFilter.class);
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain consoleChain(HttpSecurity http, AccountDetailsService accounts, PasswordEncoder passwordEncoder,
            LoginThrottle throttle, Clock clock, ClientRegistrationRepository ssoRegistrations, SsoLogin ssoLogin)
            throws Exception {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(accounts);
        passwords.setPasswordEncoder(passwordEncoder);
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(PUBLIC_CONSOLE_PATHS).permitAll()
                        .anyRequest().authenticated())
                .authenticationProvider(new ThrottledPasswordLogin(passwords, throttle, clock))
                .formLogin(form -> form.loginPage("/login").permitAll()
                        .defaultSuccessUrl("/", false)
                        .failureHandler(new LoginFailureHandler()))
                .oauth2Login(oidc -> oidc.loginPage("/login")
                        .clientRegistrationRepository(ssoRegistrations)
                        .userInfoEndpoint(userInfo -> userInfo.oidcUserService(ssoLogin))
                        .failureHandler(new LoginFailureHandler())
                        .defaultSuccessUrl("/", false))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout")
                        .invalidateHttpSession(true).deleteCookies(SessionConfig.COOKIE_NAME))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .headers(headers -> headers.frameOptions(frame -> frame.deny())
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")))
                .addFilterAfter(new TenantResolution(TenantResolution.Surface.CONSOLE, organizations, memberships, scopes),
                        AuthorizationFilter.class);
        return http.build();
    }

    /** Bearer tokens: {@code gh_pat_…} is a personal access token, anything else must be one of our JWTs. */
    private static AuthenticationManagerResolver<HttpServletRequest> tokenAuthentication(
            PersonalAccessTokens personalAccessTokens, JwtDecoder jwtDecoder, SystemAccountTokens systemAccountTokens) {
        BearerTokenResolver bearer = new DefaultBearerTokenResolver();
        AuthenticationManager pats = authentication -> {
            String token = ((BearerTokenAuthenticationToken) authentication).getToken();
            return personalAccessTokens.authenticate(token)
                    .map(caller -> new CallerAuthentication(caller, "personal-access-token"))
                    .orElseThrow(() -> new InvalidBearerTokenException(
                            "The personal access token is unknown, expired or revoked."));
        };
        JwtAuthenticationProvider jwtProvider = new JwtAuthenticationProvider(jwtDecoder);
        jwtProvider.setJwtAuthenticationConverter(jwt -> systemAccountTokens.caller(jwt)
                .map(caller -> new CallerAuthentication(caller, "jwt"))
                .orElseThrow(() -> new InvalidBearerTokenException(
                        "The access token's system account no longer exists or has no role.")));
        AuthenticationManager jwts = new ProviderManager(jwtProvider);
        return request -> {
            String token = bearer.resolve(request);
            return token != null && token.startsWith(PersonalAccessTokens.PREFIX) ? pats : jwts;
        };
    }

    /** 401 as problem+json, with the {@code WWW-Authenticate: Bearer} challenge of RFC 6750. */
    private static AuthenticationEntryPoint apiEntryPoint() {
        BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
        return (request, response, exception) -> {
            challenge.commence(request, response, exception);
            Problems.write(request, response, HttpStatus.UNAUTHORIZED, "unauthorized", describe(exception));
        };
    }

    private static String describe(AuthenticationException exception) {
        if (exception instanceof InvalidBearerTokenException) {
            return exception.getMessage();
        }
        return "Authentication required: send 'Authorization: Bearer <token>' with a personal access token or an"
                + " access token from POST /oauth2/token.";
    }

    private static AccessDeniedHandler apiAccessDenied() {
        return (request, response, exception) -> Problems.write(request, response, HttpStatus.FORBIDDEN, "forbidden",
                "You are not allowed to do this.");
    }
}
