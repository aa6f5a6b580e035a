package io.gatehouse.console.shell;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.ForbiddenException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;

/** A console controller (in the console's packages, so {@link ConsoleErrors} applies) that fails on request. */
@Controller
public class ErrorProbeController {

    @GetMapping("/probe/errors/{kind}")
    String fail(@PathVariable String kind) {
        throw error(kind);
    }

    @PostMapping("/probe/errors/{kind}")
    String failOnPost(@PathVariable String kind) {
        throw error(kind);
    }

    @GetMapping("/probe/number")
    String number(@RequestParam int value) {
        throw new ConflictException("got " + value);
    }

    /** One URL, two handlers: the plain request gets a page, the htmx request a fragment. */
    @GetMapping("/probe/page")
    String page() {
        return "error";
    }

    @HxRequest
    @GetMapping("/probe/page")
    String fragment() {
        return "error :: problem";
    }

    private static RuntimeException error(String kind) {
        return switch (kind) {
            case "not-found" -> new NotFoundException("widget", "w-42");
            case "forbidden" -> new ForbiddenException("Only admins may touch widgets.");
            case "conflict" -> new ConflictException("The widget name is taken.");
            case "invalid" -> new InvalidInputException("Validation failed",
                    List.of(new FieldViolation("name", "must not be blank"),
                            new FieldViolation("size", "must be at most 10")));
            default -> new IllegalStateException("probe failure with internal detail 'secret-internal'");
        };
    }
}
