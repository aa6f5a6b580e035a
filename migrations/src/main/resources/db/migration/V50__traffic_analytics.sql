-- Traffic analytics: what gateways report over config sync (docs/ARCHITECTURE.md, "Analytics").
--
-- Three tables of the same shape, one per granularity, each partitioned by time (UTC):
--   analytics_traffic_minute  rows as gateways send them, bucket_start truncated to the minute (several rows per
--                             key and minute: one per gateway and 10 s bucket) — daily partitions
--   analytics_traffic_hour    one merged row per key and hour — monthly partitions
--   analytics_traffic_day     one merged row per key and day — yearly partitions
-- latency and upstream_latency are HdrHistograms (microseconds) in their compressed encoding; percentiles are
-- always computed from merged histograms. Partitions are created ahead and dropped after the retention by the
-- maintenance job through the two SECURITY DEFINER functions below (the application role owns no table).

CREATE TABLE analytics_traffic_minute (
    org_id            uuid         NOT NULL,
    control_plane_id  uuid         NOT NULL,
    bucket_start      timestamptz  NOT NULL,
    service_id        varchar(64)  NOT NULL,
    route_id          varchar(64)  NOT NULL,
    consumer_id       varchar(64)  NOT NULL,
    status_class      smallint     NOT NULL,
    requests          bigint       NOT NULL,
    bytes_in          bigint       NOT NULL,
    bytes_out         bigint       NOT NULL,
    latency           bytea        NOT NULL,
    upstream_latency  bytea        NOT NULL
) PARTITION BY RANGE (bucket_start);
CREATE INDEX analytics_traffic_minute_plane_idx ON analytics_traffic_minute (control_plane_id, bucket_start);

CREATE TABLE analytics_traffic_hour (LIKE analytics_traffic_minute) PARTITION BY RANGE (bucket_start);
CREATE UNIQUE INDEX analytics_traffic_hour_key ON analytics_traffic_hour
    (control_plane_id, bucket_start, service_id, route_id, consumer_id, status_class);

CREATE TABLE analytics_traffic_day (LIKE analytics_traffic_minute) PARTITION BY RANGE (bucket_start);
CREATE UNIQUE INDEX analytics_traffic_day_key ON analytics_traffic_day
    (control_plane_id, bucket_start, service_id, route_id, consumer_id, status_class);

-- Every stored report, so that a report resent after a reconnect is acknowledged without being counted again.
CREATE TABLE analytics_report (
    control_plane_id  uuid         NOT NULL,
    node_id           varchar(64)  NOT NULL,
    stream            varchar(64)  NOT NULL,
    seq               bigint       NOT NULL,
    org_id            uuid         NOT NULL,
    received_at       timestamptz  NOT NULL,
    PRIMARY KEY (control_plane_id, node_id, stream, seq)
);
CREATE INDEX analytics_report_received_idx ON analytics_report (received_at);

-- Hours ('h') and days ('d') whose rollup must be (re)computed: written by ingest, consumed by the rollup job.
CREATE TABLE analytics_rollup_pending (
    control_plane_id  uuid         NOT NULL,
    granularity       char(1)      NOT NULL CHECK (granularity IN ('h', 'd')),
    period_start      timestamptz  NOT NULL,
    org_id            uuid         NOT NULL,
    PRIMARY KEY (control_plane_id, granularity, period_start)
);
CREATE INDEX analytics_rollup_pending_period_idx ON analytics_rollup_pending (granularity, period_start);

ALTER TABLE analytics_traffic_minute ENABLE ROW LEVEL SECURITY;
ALTER TABLE analytics_traffic_minute FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON analytics_traffic_minute
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

ALTER TABLE analytics_traffic_hour ENABLE ROW LEVEL SECURITY;
ALTER TABLE analytics_traffic_hour FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON analytics_traffic_hour
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

ALTER TABLE analytics_traffic_day ENABLE ROW LEVEL SECURITY;
ALTER TABLE analytics_traffic_day FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON analytics_traffic_day
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

ALTER TABLE analytics_report ENABLE ROW LEVEL SECURITY;
ALTER TABLE analytics_report FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON analytics_report
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

ALTER TABLE analytics_rollup_pending ENABLE ROW LEVEL SECURITY;
ALTER TABLE analytics_rollup_pending FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON analytics_rollup_pending
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

-- The partition length of each analytics table; NULL for any other name (the functions refuse those).
CREATE FUNCTION analytics_partition_length(p_table text) RETURNS interval
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE p_table
        WHEN 'analytics_traffic_minute' THEN interval '1 day'
        WHEN 'analytics_traffic_hour' THEN interval '1 month'
        WHEN 'analytics_traffic_day' THEN interval '1 year'
    END
$$;

-- Creates the partitions of p_table covering [p_from, p_to) that do not exist yet; returns how many it created.
-- Partitions are named <table>_<yyyymmdd of their UTC start> and get the table's row-level security.
CREATE FUNCTION analytics_create_partitions(p_table text, p_from timestamptz, p_to timestamptz) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    len interval := analytics_partition_length(p_table);
    unit text;
    start_at timestamp;
    name text;
    created integer := 0;
BEGIN
    IF len IS NULL THEN
        RAISE EXCEPTION 'not an analytics table: %', p_table;
    END IF;
    unit := CASE len WHEN interval '1 day' THEN 'day' WHEN interval '1 month' THEN 'month' ELSE 'year' END;
    start_at := date_trunc(unit, p_from AT TIME ZONE 'UTC');
    WHILE start_at < (p_to AT TIME ZONE 'UTC') LOOP
        name := p_table || '_' || to_char(start_at, 'YYYYMMDD');
        IF to_regclass(name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', name, p_table,
                           start_at AT TIME ZONE 'UTC', (start_at + len) AT TIME ZONE 'UTC');
            EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', name);
            EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', name);
            EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (org_id = app_current_org() OR app_platform_scope()) '
                           || 'WITH CHECK (org_id = app_current_org() OR app_platform_scope())', name);
            created := created + 1;
        END IF;
        start_at := start_at + len;
    END LOOP;
    RETURN created;
END
$$;

-- Drops the partitions of p_table that end at or before p_before; returns how many it dropped.
CREATE FUNCTION analytics_drop_partitions(p_table text, p_before timestamptz) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    len interval := analytics_partition_length(p_table);
    part record;
    dropped integer := 0;
BEGIN
    IF len IS NULL THEN
        RAISE EXCEPTION 'not an analytics table: %', p_table;
    END IF;
    FOR part IN
        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = p_table::regclass
    LOOP
        IF (to_date(right(part.relname, 8), 'YYYYMMDD')::timestamp + len) AT TIME ZONE 'UTC' <= p_before THEN
            EXECUTE format('DROP TABLE %I', part.relname);
            dropped := dropped + 1;
        END IF;
    END LOOP;
    RETURN dropped;
END
$$;

-- Partitions for the first days, so that a fresh installation takes reports before the job first runs.
SELECT analytics_create_partitions('analytics_traffic_minute', now() - interval '1 day', now() + interval '3 days');
SELECT analytics_create_partitions('analytics_traffic_hour', now() - interval '1 day', now() + interval '2 months');
SELECT analytics_create_partitions('analytics_traffic_day', now() - interval '1 day', now() + interval '2 years');
