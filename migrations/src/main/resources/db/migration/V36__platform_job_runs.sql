-- Scheduled jobs run once per cluster: a replica runs a job's time slot only if it inserts that slot's row
-- first (primary key), so several control-plane replicas never run the same slot twice. The rows are also the
-- job history operators read (GET /api/v1/platform/jobs). Cluster-wide data: no org_id, no row-level security;
-- only platform staff endpoints read it.
CREATE TABLE platform_job_run (
    job          varchar(64)   NOT NULL,
    slot         timestamptz   NOT NULL,
    replica      varchar(255)  NOT NULL,
    started_at   timestamptz   NOT NULL,
    finished_at  timestamptz,
    -- RUNNING until the work returns, then SUCCEEDED or FAILED.
    outcome      varchar(16)   NOT NULL,
    detail       text,
    PRIMARY KEY (job, slot)
);
CREATE INDEX platform_job_run_started_idx ON platform_job_run (started_at);
