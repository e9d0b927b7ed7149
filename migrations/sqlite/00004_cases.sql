-- +goose Up
CREATE TABLE case_counters (
    year INTEGER PRIMARY KEY NOT NULL,
    last INTEGER NOT NULL
);

CREATE TABLE cases (
    id                           TEXT PRIMARY KEY NOT NULL,
    reference                    TEXT NOT NULL,
    title                        TEXT NOT NULL,
    summary                      TEXT NOT NULL DEFAULT '',
    category                     TEXT NOT NULL,
    severity                     TEXT NOT NULL,
    severity_rank                INTEGER NOT NULL,
    status                       TEXT NOT NULL,
    breach_status                TEXT NOT NULL,
    owner_id                     TEXT NOT NULL REFERENCES users (id),
    department_id                TEXT REFERENCES departments (id),
    detected_at                  TIMESTAMP NOT NULL,
    aware_at                     TIMESTAMP NOT NULL,
    personal_data_involved       BOOLEAN NOT NULL,
    data_subjects_estimate       INTEGER,
    regulator_due_at             TIMESTAMP,
    regulator_notified_at        TIMESTAMP,
    regulator_reference          TEXT NOT NULL DEFAULT '',
    regulator_decision_rationale TEXT NOT NULL DEFAULT '',
    regulator_delay_reason       TEXT NOT NULL DEFAULT '',
    restricted                   BOOLEAN NOT NULL DEFAULT false,
    search_text                  TEXT NOT NULL DEFAULT '',
    version                      INTEGER NOT NULL DEFAULT 1,
    created_at                   TIMESTAMP NOT NULL,
    updated_at                   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX cases_reference_key ON cases (reference);
CREATE INDEX cases_created_idx ON cases (created_at, id);
CREATE INDEX cases_updated_idx ON cases (updated_at, id);
CREATE INDEX cases_severity_idx ON cases (severity_rank, id);
CREATE INDEX cases_status_idx ON cases (status, created_at);
CREATE INDEX cases_department_idx ON cases (department_id, created_at);
CREATE INDEX cases_owner_idx ON cases (owner_id, created_at);
CREATE INDEX cases_regulator_idx ON cases (regulator_due_at);

CREATE TABLE case_members (
    case_id TEXT NOT NULL REFERENCES cases (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_members_user_idx ON case_members (user_id);

CREATE TABLE notes (
    id         TEXT PRIMARY KEY NOT NULL,
    case_id    TEXT NOT NULL REFERENCES cases (id),
    kind       TEXT NOT NULL CHECK (kind IN ('update', 'decision', 'statement')),
    body       TEXT NOT NULL,
    author_id  TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX notes_case_idx ON notes (case_id, id);
