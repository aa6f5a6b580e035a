package io.gatehouse.console.shell;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.validation.BindException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.ForbiddenException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.shared.errors.PreconditionFailedException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The one place where errors of console controllers become pages. A plain request gets the full error page
 * (inside the console shell); an htmx request gets the error fragment, retargeted into the page's message
 * region so the user sees it where they are. Forms show their own field messages next to the fields (see
 * {@link FormErrors}); what reaches this advice are errors no form is there to show.
 * <p>
 * It covers the console's controllers and every page controller of the support desk
 * ({@code io.gatehouse.support.web..} for customers, {@code io.gatehouse.support.staff} for staff; neither holds
 * REST controllers: those answer with problem+json through {@code ApiProblems}).
 */
@ControllerAdvice(basePackages = {"io.gatehouse.console", "io.gatehouse.support.web", "io.gatehouse.support.staff"})
class ConsoleErrors {

    private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);

    static final String VIEW = "error";
    static final String FRAGMENT = "error :: problem";

    private final Shells shells;

    ConsoleErrors(Shells shells) {
        this.shells = shells;
    }

    @ExceptionHandler(NotFoundException.class)
    ModelAndView notFound(NotFoundException e, HttpServletRequest request, HttpServletResponse response) {
        return page(request, response, HttpStatus.NOT_FOUND, "We could not find that " + e.resource() + ".",
                List.of());
    }

    @ExceptionHandler(ForbiddenException.class)
    ModelAndView forbidden(ForbiddenException e, HttpServletRequest request, HttpServletResponse response) {
        return page(request, response, HttpStatus.FORBIDDEN, e.getMessage(), List.of());
    }

    @ExceptionHandler(ConflictException.class)
    ModelAndView conflict(ConflictException e, HttpServletRequest request, HttpServletResponse response) {
        return page(request, response, HttpStatus.CONFLICT, e.getMessage(), List.of());
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ModelAndView concurrentChange(OptimisticLockingFailureException e, HttpServletRequest request,
            HttpServletResponse response) {
        return page(request, response, HttpStatus.CONFLICT,
                "Someone else changed this at the same time; reload the page and apply your change again.", List.of());
    }

    @ExceptionHandler(PreconditionFailedException.class)
    ModelAndView preconditionFailed(PreconditionFailedException e, HttpServletRequest request,
            HttpServletResponse response) {
        return page(request, response, HttpStatus.PRECONDITION_FAILED, e.getMessage(), List.of());
    }

    @ExceptionHandler(InvalidInputException.class)
    ModelAndView invalid(InvalidInputException e, HttpServletRequest request, HttpServletResponse response) {
        return page(request, response, HttpStatus.BAD_REQUEST, "Please correct the following and try again.",
                e.violations());
    }

    @ExceptionHandler(BindException.class)
    ModelAndView unbindable(BindException e, HttpServletRequest request, HttpServletResponse response) {
        List<FieldViolation> violations = e.getFieldErrors().stream()
                .map(error -> new FieldViolation(error.getField(), FormErrors.message(error)))
                .toList();
        return page(request, response, HttpStatus.BAD_REQUEST, "Please correct the following and try again.",
                violations);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView wrongType(MethodArgumentTypeMismatchException e, HttpServletRequest request,
            HttpServletResponse response) {
        return page(request, response, HttpStatus.BAD_REQUEST, "Please correct the following and try again.",
                List.of(new FieldViolation(e.getName(), "is not a valid value")));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ModelAndView missing(MissingServletRequestParameterException e, HttpServletRequest request,
            HttpServletResponse response) {
        return page(request, response, HttpStatus.BAD_REQUEST, "Please correct the following and try again.",
                List.of(new FieldViolation(e.getParameterName(), "is required")));
    }

    @ExceptionHandler(RuntimeException.class)
    ModelAndView unexpected(RuntimeException e, HttpServletRequest request, HttpServletResponse response) {
        log.error("Unexpected error in the console at {}", request.getRequestURI(), e);
        return page(request, response, HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side; the error was logged.", List.of());
    }

    private ModelAndView page(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
            String message, List<FieldViolation> violations) {
        Map<String, Object> model = Map.of(
                "status", status.value(),
                "error", status.getReasonPhrase(),
                "message", message,
                "violations", violations);
        if (Htmx.isRequest(request)) {
            // htmx swaps error responses too (see the htmx-config meta tag); this puts them in the message region.
            response.setHeader("HX-Retarget", "#messages");
            response.setHeader("HX-Reswap", "innerHTML");
            return new ModelAndView(FRAGMENT, model, status);
        }
        ModelAndView page = new ModelAndView(VIEW, model, status);
        shells.decorate(page, request);
        return page;
    }
}
