-- Support desk: the SLA target matrix (metric x coverage x severity x product) and warning thresholds.
-- Global configuration edited by platform admins (no org_id). product NULL = every product without a
-- row of its own. basis BUSINESS counts the region's business hours; a business day is 12 business hours
-- (720 minutes). Response targets are the defaults of DESIGN.md; resolution targets are our own.

CREATE TABLE support_sla_target (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    metric       varchar(24) NOT NULL CHECK (metric IN ('INITIAL_RESPONSE', 'NEXT_RESPONSE', 'RESOLUTION')),
    coverage     varchar(16) NOT NULL CHECK (coverage IN ('BUSINESS_HOURS', 'ALWAYS')),
    severity     smallint    NOT NULL CHECK (severity BETWEEN 1 AND 4),
    product      varchar(40),
    minutes      integer     NOT NULL CHECK (minutes > 0),
    basis        varchar(16) NOT NULL CHECK (basis IN ('BUSINESS', 'CONTINUOUS')),
    version      bigint      NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX support_sla_target_cell_key ON support_sla_target (metric, coverage, severity, coalesce(product, ''));

CREATE TABLE support_sla_warning (
    percent  integer PRIMARY KEY CHECK (percent BETWEEN 1 AND 99)
);
INSERT INTO support_sla_warning (percent) VALUES (75);

INSERT INTO support_sla_target (metric, coverage, severity, minutes, basis)
SELECT m.metric, t.coverage, t.severity, t.minutes, t.basis
FROM (VALUES ('INITIAL_RESPONSE'), ('NEXT_RESPONSE')) AS m (metric)
CROSS JOIN (VALUES
    ('BUSINESS_HOURS', 1,  120, 'BUSINESS'),     -- 2 business hours
    ('BUSINESS_HOURS', 2,  240, 'BUSINESS'),     -- 4 business hours
    ('BUSINESS_HOURS', 3,  720, 'BUSINESS'),     -- 1 business day
    ('BUSINESS_HOURS', 4, 1440, 'BUSINESS'),     -- 2 business days
    ('ALWAYS',         1,   60, 'CONTINUOUS'),   -- 1 hour, round the clock
    ('ALWAYS',         2,  120, 'CONTINUOUS'),   -- 2 hours, round the clock
    ('ALWAYS',         3,  720, 'BUSINESS'),     -- 1 business day
    ('ALWAYS',         4, 1440, 'BUSINESS')      -- 2 business days
) AS t (coverage, severity, minutes, basis);

INSERT INTO support_sla_target (metric, coverage, severity, minutes, basis) VALUES
    ('RESOLUTION', 'BUSINESS_HOURS', 1,  1440, 'BUSINESS'),     -- 2 business days
    ('RESOLUTION', 'BUSINESS_HOURS', 2,  3600, 'BUSINESS'),     -- 5 business days
    ('RESOLUTION', 'BUSINESS_HOURS', 3,  7200, 'BUSINESS'),     -- 10 business days
    ('RESOLUTION', 'BUSINESS_HOURS', 4, 14400, 'BUSINESS'),     -- 20 business days
    ('RESOLUTION', 'ALWAYS',         1,  1440, 'CONTINUOUS'),   -- 24 hours
    ('RESOLUTION', 'ALWAYS',         2,  4320, 'CONTINUOUS'),   -- 72 hours
    ('RESOLUTION', 'ALWAYS',         3,  7200, 'BUSINESS'),
    ('RESOLUTION', 'ALWAYS',         4, 14400, 'BUSINESS');
