-- +goose Up
-- Reference numbers per year, taken inside the creating transaction so that
-- INC-<year>-<seq> stays gap-free.
CREATE TABLE case_counters (
    year integer PRIMARY KEY,
    last integer NOT NULL
);

CREATE TABLE cases (
    id                           uuid PRIMARY KEY,
    reference                    text NOT NULL,
    title                        text NOT NULL,
    summary                      text NOT NULL DEFAULT '',
    category                     text NOT NULL,
    severity                     text NOT NULL,
    severity_rank                integer NOT NULL,
    status                       text NOT NULL,
    breach_status                text NOT NULL,
    owner_id                     uuid NOT NULL REFERENCES users (id),
    department_id                uuid REFERENCES departments (id),
    detected_at                  timestamptz NOT NULL,
    aware_at                     timestamptz NOT NULL,
    personal_data_involved       boolean NOT NULL,
    data_subjects_estimate       bigint,
    regulator_due_at             timestamptz,
    regulator_notified_at        timestamptz,
    regulator_reference          text NOT NULL DEFAULT '',
    regulator_decision_rationale text NOT NULL DEFAULT '',
    regulator_delay_reason       text NOT NULL DEFAULT '',
    restricted                   boolean NOT NULL DEFAULT false,
    -- reference, title and summary, for full-text search (notes are searched in notes)
    search_text                  text NOT NULL DEFAULT '',
    version                      bigint NOT NULL DEFAULT 1,
    created_at                   timestamptz NOT NULL,
    updated_at                   timestamptz NOT NULL
);
CREATE UNIQUE INDEX cases_reference_key ON cases (reference);
CREATE INDEX cases_created_idx ON cases (created_at, id);
CREATE INDEX cases_updated_idx ON cases (updated_at, id);
CREATE INDEX cases_severity_idx ON cases (severity_rank, id);
CREATE INDEX cases_status_idx ON cases (status, created_at);
CREATE INDEX cases_department_idx ON cases (department_id, created_at);
CREATE INDEX cases_owner_idx ON cases (owner_id, created_at);
CREATE INDEX cases_regulator_idx ON cases (regulator_due_at);
-- PostgreSQL only (the parity test knows): full-text search.
CREATE INDEX cases_search_idx ON cases USING gin (to_tsvector('simple', search_text));

CREATE TABLE case_members (
    case_id uuid NOT NULL REFERENCES cases (id),
    user_id uuid NOT NULL REFERENCES users (id),
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_members_user_idx ON case_members (user_id);

CREATE TABLE notes (
    id         uuid PRIMARY KEY,
    case_id    uuid NOT NULL REFERENCES cases (id),
    kind       text NOT NULL CHECK (kind IN ('update', 'decision', 'statement')),
    body       text NOT NULL,
    author_id  uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL
);
CREATE INDEX notes_case_idx ON notes (case_id, id);
-- PostgreSQL only: full-text search over note bodies.
CREATE INDEX notes_search_idx ON notes USING gin (to_tsvector('simple', body));
