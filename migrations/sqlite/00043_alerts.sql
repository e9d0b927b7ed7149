-- +goose Up
-- See the PostgreSQL migration.
CREATE TABLE alerts (
    id            TEXT PRIMARY KEY NOT NULL,
    source        TEXT NOT NULL,
    source_ref    TEXT NOT NULL,
    title         TEXT NOT NULL,
    description   TEXT NOT NULL,
    severity      TEXT NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
    status        TEXT NOT NULL CHECK (status IN ('new', 'imported', 'ignored')),
    observables   TEXT NOT NULL,
    raw           TEXT,
    raw_sha256    TEXT NOT NULL,
    raw_size      INTEGER NOT NULL,
    occurrences   INTEGER NOT NULL,
    first_seen_at TIMESTAMP NOT NULL,
    last_seen_at  TIMESTAMP NOT NULL,
    case_id       TEXT REFERENCES cases (id),
    ignore_reason TEXT NOT NULL,
    decided_by_id TEXT REFERENCES users (id),
    decided_at    TIMESTAMP,
    created_by_id TEXT NOT NULL REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    version       INTEGER NOT NULL
);
CREATE UNIQUE INDEX alerts_source_ref_idx ON alerts (source, source_ref);
CREATE INDEX alerts_activity_idx ON alerts (last_seen_at, id);
CREATE INDEX alerts_status_idx ON alerts (status, last_seen_at, id);
CREATE INDEX alerts_source_idx ON alerts (source, last_seen_at, id);
CREATE INDEX alerts_case_idx ON alerts (case_id);
