-- Support desk: tickets, their timeline (the events the SLA clocks are computed from), attachments,
-- followers, and the precomputed SLA deadlines (and alerts) the scheduled scan works on.

CREATE SEQUENCE support_ticket_number_seq START 1000;

CREATE TABLE support_ticket (
    id                 uuid PRIMARY KEY,
    org_id             uuid         NOT NULL REFERENCES platform_organization (id) ON DELETE CASCADE,
    number             bigint       NOT NULL UNIQUE DEFAULT nextval('support_ticket_number_seq'),
    product            varchar(40)  NOT NULL REFERENCES support_product (code),
    product_version    varchar(40),
    severity           smallint     NOT NULL CHECK (severity BETWEEN 1 AND 4),
    subject            varchar(200) NOT NULL,
    description        text         NOT NULL,
    environment        text         NOT NULL DEFAULT '',
    status             varchar(24)  NOT NULL CHECK (status IN ('NEW', 'OPEN', 'WAITING_ON_CUSTOMER', 'RESOLVED', 'CLOSED')),
    coverage           varchar(16)  NOT NULL CHECK (coverage IN ('BUSINESS_HOURS', 'ALWAYS')),
    region             varchar(16)  NOT NULL CHECK (region IN ('AMERICAS', 'EMEA', 'AP_ANZ')),
    requester_id       uuid         NOT NULL REFERENCES platform_user (id),
    assignee_id        uuid         REFERENCES platform_user (id),
    continuous_effort  boolean      NOT NULL DEFAULT false,
    -- Derived from the timeline by SlaClock after every change; the staff queue orders by it.
    next_due_at        timestamptz,
    sla_breached       boolean      NOT NULL DEFAULT false,
    created_at         timestamptz  NOT NULL,
    updated_at         timestamptz  NOT NULL,
    version            bigint       NOT NULL DEFAULT 0
);
CREATE INDEX support_ticket_org_idx ON support_ticket (org_id, created_at DESC);
CREATE INDEX support_ticket_queue_idx ON support_ticket (next_due_at) WHERE status IN ('NEW', 'OPEN', 'WAITING_ON_CUSTOMER');

CREATE TABLE support_ticket_event (
    id          uuid PRIMARY KEY,
    org_id      uuid         NOT NULL REFERENCES platform_organization (id) ON DELETE CASCADE,
    ticket_id   uuid         NOT NULL REFERENCES support_ticket (id) ON DELETE CASCADE,
    seq         integer      NOT NULL,
    at          timestamptz  NOT NULL,
    kind        varchar(32)  NOT NULL,
    actor_id    uuid,
    actor_name  varchar(254) NOT NULL,
    staff       boolean      NOT NULL,
    public      boolean      NOT NULL,
    body        text,
    data        jsonb        NOT NULL DEFAULT '{}'::jsonb,
    UNIQUE (ticket_id, seq)
);

CREATE TABLE support_ticket_follower (
    org_id     uuid NOT NULL REFERENCES platform_organization (id) ON DELETE CASCADE,
    ticket_id  uuid NOT NULL REFERENCES support_ticket (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES platform_user (id) ON DELETE CASCADE,
    PRIMARY KEY (ticket_id, user_id)
);

CREATE TABLE support_attachment (
    id            uuid PRIMARY KEY,
    org_id        uuid         NOT NULL REFERENCES platform_organization (id) ON DELETE CASCADE,
    ticket_id     uuid         NOT NULL REFERENCES support_ticket (id) ON DELETE CASCADE,
    filename      varchar(255) NOT NULL,
    content_type  varchar(127) NOT NULL,
    size          integer      NOT NULL,
    content       bytea        NOT NULL,
    uploaded_by   uuid         NOT NULL,
    created_at    timestamptz  NOT NULL
);
CREATE INDEX support_attachment_ticket_idx ON support_attachment (ticket_id);

-- One row per threshold of a clock cycle: warnings (WARN_<percent>), BREACH, and the auto-close pair
-- (AUTO_CLOSE_WARNING, AUTO_CLOSE) of a waiting period. Rewritten from SlaClock after every ticket
-- change. The row is also the alert: notified_at is when the scan raised it (shown in the console, so
-- each is raised exactly once), mailed_at when the notifier mailed it.
CREATE TABLE support_sla_deadline (
    org_id       uuid        NOT NULL REFERENCES platform_organization (id) ON DELETE CASCADE,
    ticket_id    uuid        NOT NULL REFERENCES support_ticket (id) ON DELETE CASCADE,
    clock        varchar(24) NOT NULL,
    cycle        integer     NOT NULL,
    threshold    varchar(24) NOT NULL,
    due_at       timestamptz NOT NULL,
    notified_at  timestamptz,
    mailed_at    timestamptz,
    PRIMARY KEY (ticket_id, clock, cycle, threshold)
);
CREATE INDEX support_sla_deadline_pending_idx ON support_sla_deadline (due_at) WHERE notified_at IS NULL;
CREATE INDEX support_sla_deadline_unmailed_idx ON support_sla_deadline (notified_at) WHERE notified_at IS NOT NULL AND mailed_at IS NULL;

ALTER TABLE support_ticket ENABLE ROW LEVEL SECURITY;
ALTER TABLE support_ticket FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON support_ticket
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

ALTER TABLE support_ticket_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE support_ticket_event FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON support_ticket_event
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

ALTER TABLE support_ticket_follower ENABLE ROW LEVEL SECURITY;
ALTER TABLE support_ticket_follower FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON support_ticket_follower
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

ALTER TABLE support_attachment ENABLE ROW LEVEL SECURITY;
ALTER TABLE support_attachment FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON support_attachment
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());

ALTER TABLE support_sla_deadline ENABLE ROW LEVEL SECURITY;
ALTER TABLE support_sla_deadline FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON support_sla_deadline
    USING (org_id = app_current_org() OR app_platform_scope())
    WITH CHECK (org_id = app_current_org() OR app_platform_scope());
