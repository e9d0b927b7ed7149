-- +goose Up
-- The scheduler (issue 22): time-based events (regulator clocks at 24 h, 6 h
-- and 1 h left and overdue; tasks and milestones overdue). Each scan tells
-- what crossed a threshold since the previous one, whose time is kept here,
-- so that a scan reads only the due things near its window.
CREATE TABLE schedule_scans (
    name       text PRIMARY KEY,
    scanned_at timestamptz NOT NULL
);
-- What a scan reads: open tasks and milestones by due time, things changed
-- since the last scan (a re-planned due date), and the open phases of
-- recorded obligations.
CREATE INDEX tasks_open_due_idx ON tasks (due_at) WHERE due_at IS NOT NULL AND status IN ('todo', 'in_progress');
CREATE INDEX tasks_updated_idx ON tasks (updated_at);
CREATE INDEX milestones_open_due_idx ON milestones (due_at) WHERE due_at IS NOT NULL AND status IN ('planned', 'in_progress', 'blocked');
CREATE INDEX milestones_updated_idx ON milestones (updated_at);
CREATE INDEX obligation_phases_open_idx ON obligation_phases (case_id) WHERE submitted_at IS NULL AND decision_rationale = '';
CREATE INDEX obligation_phases_updated_idx ON obligation_phases (updated_at);
