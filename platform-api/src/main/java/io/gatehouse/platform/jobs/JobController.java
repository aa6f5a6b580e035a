package io.gatehouse.platform.jobs;

import java.util.List;
import java.util.Optional;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.PlatformRole;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.web.ApiController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code /api/v1/platform/jobs}: which replica ran each scheduled job's slots, and how it went. */
@ApiController("/api/v1/platform/jobs")
@Tag(name = "Scheduled jobs", description = "The cluster's scheduled jobs (SLA scan, mail, purges): one run per slot across replicas")
class JobController {

    static final int MAX_RUNS = 500;

    private final ClusterJobs jobs;
    private final CurrentCaller caller;

    JobController(ClusterJobs jobs, CurrentCaller caller) {
        this.jobs = jobs;
        this.caller = caller;
    }

    record Runs(List<JobRun> data) {
    }

    @GetMapping
    @Operation(summary = "Recent runs of every scheduled job (or of one), newest first; platform admins only")
    Runs history(@RequestParam Optional<String> job, @RequestParam(defaultValue = "100") int size) {
        caller.requirePlatformRole(PlatformRole.PLATFORM_ADMIN);
        if (size < 1 || size > MAX_RUNS) {
            throw new InvalidInputException("The page size is out of range.",
                    List.of(new FieldViolation("size", "must be between 1 and " + MAX_RUNS)));
        }
        return new Runs(jobs.history(job, size));
    }
}
