-- +goose Up
-- Alerts from other tools (issue 23, docs/alerts.md): one row per source and
-- source reference however often the tool sends it. The unique index is what
-- makes two posts of one pair at once leave one row: the intake is one
-- INSERT ... ON CONFLICT (source, source_ref) DO UPDATE. observables is the
-- JSON array of the alert's observables in canonical form; raw the payload as
-- sent (whitespace removed) when at most 64 KiB, else NULL, its SHA-256 and
-- size kept either way.
CREATE TABLE alerts (
    id            uuid PRIMARY KEY,
    source        text NOT NULL,
    source_ref    text NOT NULL,
    title         text NOT NULL,
    description   text NOT NULL,
    severity      text NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
    status        text NOT NULL CHECK (status IN ('new', 'imported', 'ignored')),
    observables   text NOT NULL,
    raw           text,
    raw_sha256    text NOT NULL,
    raw_size      integer NOT NULL,
    occurrences   bigint NOT NULL,
    first_seen_at timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    case_id       uuid REFERENCES cases (id),
    ignore_reason text NOT NULL,
    decided_by_id uuid REFERENCES users (id),
    decided_at    timestamptz,
    created_by_id uuid NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    version       bigint NOT NULL
);
CREATE UNIQUE INDEX alerts_source_ref_idx ON alerts (source, source_ref);
-- The queue, newest activity first: all, by status, by source.
CREATE INDEX alerts_activity_idx ON alerts (last_seen_at, id);
CREATE INDEX alerts_status_idx ON alerts (status, last_seen_at, id);
CREATE INDEX alerts_source_idx ON alerts (source, last_seen_at, id);
CREATE INDEX alerts_case_idx ON alerts (case_id);
