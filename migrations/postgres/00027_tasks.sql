-- +goose Up
-- Tasks on a case (issue 21): work the team hands out, grouped by a free-text
-- group ("Containment"), with an assignee, a due date and a checklist kept
-- as a JSON array of {text, done} in its order.
CREATE TABLE tasks (
    id            uuid PRIMARY KEY,
    case_id       uuid NOT NULL REFERENCES cases (id),
    title         text NOT NULL,
    description   text NOT NULL DEFAULT '',
    task_group    text NOT NULL DEFAULT '',
    assignee_id   uuid REFERENCES users (id),
    due_at        timestamptz,
    status        text NOT NULL CHECK (status IN ('todo', 'in_progress', 'done', 'cancelled')),
    checklist     text NOT NULL DEFAULT '[]',
    created_by_id uuid NOT NULL REFERENCES users (id),
    version       bigint NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
-- A case's tasks, and its open tasks (the closing gate counts them).
CREATE INDEX tasks_case_idx ON tasks (case_id, status);
-- My work: a user's open tasks, the soonest due first.
CREATE INDEX tasks_assignee_idx ON tasks (assignee_id, status, due_at);

-- How many tasks a case holds: the cap is checked on the case's row, which
-- the check's update locks, so two concurrent creations cannot pass it.
ALTER TABLE cases ADD COLUMN task_count integer NOT NULL DEFAULT 0;
