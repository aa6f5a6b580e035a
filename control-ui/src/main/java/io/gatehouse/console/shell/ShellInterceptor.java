package io.gatehouse.console.shell;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Gives every full console page its {@link Shell} after the controller ran; fragments are left alone. */
class ShellInterceptor implements HandlerInterceptor {

    private final Shells shells;

    ShellInterceptor(Shells shells) {
        this.shells = shells;
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
            ModelAndView page) {
        shells.decorate(page, request);
    }
}
