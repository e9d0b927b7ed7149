-- +goose Up
-- See the PostgreSQL migration.
CREATE TABLE tasks (
    id            TEXT PRIMARY KEY NOT NULL,
    case_id       TEXT NOT NULL REFERENCES cases (id),
    title         TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    task_group    TEXT NOT NULL DEFAULT '',
    assignee_id   TEXT REFERENCES users (id),
    due_at        TIMESTAMP,
    status        TEXT NOT NULL CHECK (status IN ('todo', 'in_progress', 'done', 'cancelled')),
    checklist     TEXT NOT NULL DEFAULT '[]',
    created_by_id TEXT NOT NULL REFERENCES users (id),
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX tasks_case_idx ON tasks (case_id, status);
CREATE INDEX tasks_assignee_idx ON tasks (assignee_id, status, due_at);

ALTER TABLE cases ADD COLUMN task_count INTEGER NOT NULL DEFAULT 0;
