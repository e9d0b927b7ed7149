-- +goose Up
-- The post-incident review of a case (issue 21): one per case, written once
-- the case is recovering or closed; complete (read-only) until reopened with
-- a reason. version guards concurrent edits as the case's does.
CREATE TABLE case_reviews (
    case_id         uuid PRIMARY KEY REFERENCES cases (id),
    what_happened   text NOT NULL DEFAULT '',
    went_well       text NOT NULL DEFAULT '',
    to_improve      text NOT NULL DEFAULT '',
    completed_at    timestamptz,
    completed_by_id uuid REFERENCES users (id),
    reopened_at     timestamptz,
    reopened_by_id  uuid REFERENCES users (id),
    reopen_reason   text NOT NULL DEFAULT '',
    created_by_id   uuid NOT NULL REFERENCES users (id),
    updated_by_id   uuid NOT NULL REFERENCES users (id),
    version         bigint NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

-- The tasks a review's follow-up actions became: these, and only these, may
-- be added to a closed case (through the review) and changed while it is
-- closed.
CREATE TABLE review_follow_ups (
    task_id uuid PRIMARY KEY REFERENCES tasks (id),
    case_id uuid NOT NULL REFERENCES cases (id)
);
CREATE INDEX review_follow_ups_case_idx ON review_follow_ups (case_id);
