-- +goose Up
-- See the PostgreSQL migration.
ALTER TABLE suspensions ADD COLUMN baseline_restoration_at TIMESTAMP;
UPDATE suspensions SET baseline_restoration_at = expected_restoration_at;
ALTER TABLE milestones ADD COLUMN baseline_due_at TIMESTAMP;
UPDATE milestones SET baseline_due_at = due_at;

CREATE TABLE replans (
    id            TEXT PRIMARY KEY NOT NULL,
    suspension_id TEXT NOT NULL REFERENCES suspensions (id),
    milestone_id  TEXT REFERENCES milestones (id),
    kind          TEXT NOT NULL CHECK (kind IN ('suspension', 'milestone')),
    from_at       TIMESTAMP,
    to_at         TIMESTAMP,
    reason        TEXT NOT NULL,
    by_id         TEXT NOT NULL REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL,
    CHECK ((kind = 'suspension') = (milestone_id IS NULL))
);
CREATE INDEX replans_suspension_idx ON replans (suspension_id, kind, id);
