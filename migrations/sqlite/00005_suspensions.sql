-- +goose Up
CREATE TABLE suspensions (
    id                      TEXT PRIMARY KEY NOT NULL,
    case_id                 TEXT NOT NULL REFERENCES cases (id),
    service_id              TEXT NOT NULL REFERENCES services (id),
    reason                  TEXT NOT NULL,
    decided_by              TEXT NOT NULL,
    recorded_by_id          TEXT NOT NULL REFERENCES users (id),
    suspended_at            TIMESTAMP NOT NULL,
    expected_restoration_at TIMESTAMP,
    restored_at             TIMESTAMP,
    affected_users_estimate INTEGER,
    impact                  TEXT NOT NULL DEFAULT '',
    workaround              TEXT NOT NULL DEFAULT '',
    status                  TEXT NOT NULL CHECK (status IN ('active', 'restored', 'cancelled')),
    version                 INTEGER NOT NULL DEFAULT 1,
    created_at              TIMESTAMP NOT NULL,
    updated_at              TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX suspensions_active_service_key ON suspensions (service_id) WHERE status = 'active';
CREATE INDEX suspensions_case_idx ON suspensions (case_id, suspended_at);
CREATE INDEX suspensions_status_idx ON suspensions (status, restored_at);

CREATE TABLE milestones (
    id            TEXT PRIMARY KEY NOT NULL,
    suspension_id TEXT NOT NULL REFERENCES suspensions (id),
    title         TEXT NOT NULL,
    owner_id      TEXT REFERENCES users (id),
    due_at        TIMESTAMP,
    completed_at  TIMESTAMP,
    status        TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'blocked')),
    position      INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX milestones_suspension_idx ON milestones (suspension_id, position);
