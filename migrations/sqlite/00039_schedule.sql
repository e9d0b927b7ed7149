-- +goose Up
-- See the PostgreSQL migration.
CREATE TABLE schedule_scans (
    name       TEXT PRIMARY KEY NOT NULL,
    scanned_at TIMESTAMP NOT NULL
);
CREATE INDEX tasks_open_due_idx ON tasks (due_at) WHERE due_at IS NOT NULL AND status IN ('todo', 'in_progress');
CREATE INDEX tasks_updated_idx ON tasks (updated_at);
CREATE INDEX milestones_open_due_idx ON milestones (due_at) WHERE due_at IS NOT NULL AND status IN ('planned', 'in_progress', 'blocked');
CREATE INDEX milestones_updated_idx ON milestones (updated_at);
CREATE INDEX obligation_phases_open_idx ON obligation_phases (case_id) WHERE submitted_at IS NULL AND decision_rationale = '';
CREATE INDEX obligation_phases_updated_idx ON obligation_phases (updated_at);
