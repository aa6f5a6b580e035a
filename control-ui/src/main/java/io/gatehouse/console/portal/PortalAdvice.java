package io.gatehouse.console.portal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

import jakarta.servlet.http.HttpServletRequest;

/** Pages that need a signed-in developer send everyone else to the portal's sign-in, and back afterwards. */
@ControllerAdvice(basePackageClasses = PortalAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PortalAdvice {

    @ExceptionHandler(PortalVisitor.SignInRequired.class)
    String signIn(PortalVisitor.SignInRequired required, HttpServletRequest request) {
        String back = PortalHostRouting.externalPath(request,
                request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
        return "redirect:/portal/" + required.portal().slug() + "/signin?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8);
    }
}
