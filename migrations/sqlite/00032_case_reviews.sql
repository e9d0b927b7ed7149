-- +goose Up
-- See the PostgreSQL migration.
CREATE TABLE case_reviews (
    case_id         TEXT PRIMARY KEY NOT NULL REFERENCES cases (id),
    what_happened   TEXT NOT NULL DEFAULT '',
    went_well       TEXT NOT NULL DEFAULT '',
    to_improve      TEXT NOT NULL DEFAULT '',
    completed_at    TIMESTAMP,
    completed_by_id TEXT REFERENCES users (id),
    reopened_at     TIMESTAMP,
    reopened_by_id  TEXT REFERENCES users (id),
    reopen_reason   TEXT NOT NULL DEFAULT '',
    created_by_id   TEXT NOT NULL REFERENCES users (id),
    updated_by_id   TEXT NOT NULL REFERENCES users (id),
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);

CREATE TABLE review_follow_ups (
    task_id TEXT PRIMARY KEY NOT NULL REFERENCES tasks (id),
    case_id TEXT NOT NULL REFERENCES cases (id)
);
CREATE INDEX review_follow_ups_case_idx ON review_follow_ups (case_id);
