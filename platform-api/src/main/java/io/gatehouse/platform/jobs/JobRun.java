package io.gatehouse.platform.jobs;

import java.time.Instant;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** One slot of a scheduled job, as the replica that claimed it recorded it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobRun(String job, Instant slot, String replica, Instant startedAt, Instant finishedAt, Outcome outcome,
        String detail) {

    /** Where the run is: still running (or its replica died), done, or failed with the error in {@code detail}. */
    public enum Outcome {
        RUNNING, SUCCEEDED, FAILED
    }
}
