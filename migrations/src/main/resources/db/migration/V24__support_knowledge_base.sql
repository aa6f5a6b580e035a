-- Support desk: knowledge-base articles (markdown), public to every customer contact, written by support
-- staff. Global data (no org_id). Full-text search over a generated tsvector: title weighs more than body.

CREATE TABLE support_kb_article (
    id           uuid PRIMARY KEY,
    slug         varchar(120) NOT NULL UNIQUE,
    title        varchar(200) NOT NULL,
    body         text         NOT NULL,
    product      varchar(40)  REFERENCES support_product (code),
    published    boolean      NOT NULL DEFAULT true,
    created_at   timestamptz  NOT NULL,
    updated_at   timestamptz  NOT NULL,
    version      bigint       NOT NULL DEFAULT 0,
    search       tsvector GENERATED ALWAYS AS (
                     setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')) STORED
);
CREATE INDEX support_kb_article_search_idx ON support_kb_article USING gin (search);
