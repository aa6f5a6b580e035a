package io.gatehouse.support.sla;

import java.time.Duration;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;

import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.PlatformRole;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.web.ApiController;

/**
 * {@code /api/v1/platform/support/sla-targets} and {@code …/sla-warnings}: the SLA target matrix and the
 * warning percentages. Staff read, platform admins edit; an edit recomputes every open ticket's deadlines.
 */
@ApiController("/api/v1/platform/support")
class SlaPolicyController {

    /** One cell: {@code product} empty for the default of every product. */
    record TargetCell(SlaMetric metric, Coverage coverage, Integer severity, String product, Long minutes, TimeBasis basis) {
    }

    record Warnings(List<Integer> percents) {
    }

    private final SlaPolicies policies;
    private final CurrentCaller callers;

    SlaPolicyController(SlaPolicies policies, CurrentCaller callers) {
        this.policies = policies;
        this.callers = callers;
    }

    @GetMapping("/sla-targets")
    List<TargetCell> targets() {
        callers.requirePlatformRole(PlatformRole.PLATFORM_ADMIN, PlatformRole.SUPPORT_ENGINEER);
        return policies.rules().stream().map(r -> new TargetCell(r.metric(), r.coverage(), r.severity().level(), r.product(),
                r.target().duration().toMinutes(), r.target().basis())).toList();
    }

    @PutMapping("/sla-targets")
    TargetCell setTarget(@RequestBody TargetCell cell) {
        callers.requirePlatformRole(PlatformRole.PLATFORM_ADMIN);
        List<FieldViolation> violations = new java.util.ArrayList<>();
        if (cell.metric() == null) violations.add(new FieldViolation("metric", "Choose INITIAL_RESPONSE, NEXT_RESPONSE or RESOLUTION."));
        if (cell.coverage() == null) violations.add(new FieldViolation("coverage", "Choose BUSINESS_HOURS or ALWAYS."));
        if (cell.severity() == null || cell.severity() < 1 || cell.severity() > 4) violations.add(new FieldViolation("severity", "Choose 1 to 4."));
        if (cell.minutes() == null || cell.minutes() < 1 || cell.minutes() > 525_600) {
            violations.add(new FieldViolation("minutes", "An SLA target is 1 minute to 365 days (525600 minutes)."));
        }
        if (cell.basis() == null) violations.add(new FieldViolation("basis", "Choose BUSINESS or CONTINUOUS."));
        if (!violations.isEmpty()) throw new InvalidInputException("The SLA target is not valid", violations);
        String product = cell.product() == null || cell.product().isBlank() ? null : cell.product().strip();
        policies.setTarget(new SlaTargetRule(cell.metric(), cell.coverage(), Severity.of(cell.severity()), product,
                new SlaTarget(Duration.ofMinutes(cell.minutes()), cell.basis())));
        return new TargetCell(cell.metric(), cell.coverage(), cell.severity(), product, cell.minutes(), cell.basis());
    }

    @DeleteMapping("/sla-targets")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeTarget(@RequestParam SlaMetric metric, @RequestParam Coverage coverage, @RequestParam int severity,
            @RequestParam(required = false) String product) {
        callers.requirePlatformRole(PlatformRole.PLATFORM_ADMIN);
        if (severity < 1 || severity > 4) throw InvalidInputException.field("severity", "Choose 1 to 4.");
        policies.removeTarget(metric, coverage, Severity.of(severity), product == null || product.isBlank() ? null : product);
    }

    @GetMapping("/sla-warnings")
    Warnings warnings() {
        callers.requirePlatformRole(PlatformRole.PLATFORM_ADMIN, PlatformRole.SUPPORT_ENGINEER);
        return new Warnings(List.copyOf(policies.current().warningPercents()));
    }

    @PutMapping("/sla-warnings")
    Warnings setWarnings(@RequestBody Warnings warnings) {
        callers.requirePlatformRole(PlatformRole.PLATFORM_ADMIN);
        policies.setWarnings(warnings.percents());
        return new Warnings(warnings.percents().stream().sorted().toList());
    }
}
