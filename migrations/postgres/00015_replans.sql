-- +goose Up
-- The first expected date a suspension (or due date a milestone) gets is its
-- baseline, kept for ever; existing rows take their current value as baseline.
ALTER TABLE suspensions ADD COLUMN baseline_restoration_at timestamptz;
UPDATE suspensions SET baseline_restoration_at = expected_restoration_at;
ALTER TABLE milestones ADD COLUMN baseline_due_at timestamptz;
UPDATE milestones SET baseline_due_at = due_at;

-- Every later change of a promised date is a re-plan with its reason. One
-- table for both kinds: milestone_id is null for a suspension's expected date.
CREATE TABLE replans (
    id            uuid PRIMARY KEY,
    suspension_id uuid NOT NULL REFERENCES suspensions (id),
    milestone_id  uuid REFERENCES milestones (id),
    kind          text NOT NULL CHECK (kind IN ('suspension', 'milestone')),
    from_at       timestamptz,
    to_at         timestamptz,
    reason        text NOT NULL,
    by_id         uuid NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL,
    CHECK ((kind = 'suspension') = (milestone_id IS NULL))
);
CREATE INDEX replans_suspension_idx ON replans (suspension_id, kind, id);
