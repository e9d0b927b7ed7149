-- +goose Up
-- See the PostgreSQL migration. SQLite cannot alter a CHECK constraint: the
-- milestones table is rebuilt with its rows and index. replans references it,
-- and foreign keys stay on inside the migration's transaction, so replans is
-- set aside and rebuilt with its rows too (the same definition as 00015).
CREATE TABLE milestones_next (
    id              TEXT PRIMARY KEY NOT NULL,
    suspension_id   TEXT NOT NULL REFERENCES suspensions (id),
    title           TEXT NOT NULL,
    owner_id        TEXT REFERENCES users (id),
    due_at          TIMESTAMP,
    completed_at    TIMESTAMP,
    status          TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'blocked', 'cancelled')),
    position        INTEGER NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    baseline_due_at TIMESTAMP
);
INSERT INTO milestones_next (id, suspension_id, title, owner_id, due_at, completed_at, status, position, version, created_at, updated_at, baseline_due_at)
    SELECT id, suspension_id, title, owner_id, due_at, completed_at, status, position, version, created_at, updated_at, baseline_due_at FROM milestones;
CREATE TABLE replans_kept AS SELECT * FROM replans;
DROP TABLE replans;
DROP TABLE milestones;
ALTER TABLE milestones_next RENAME TO milestones;
CREATE INDEX milestones_suspension_idx ON milestones (suspension_id, position);

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
INSERT INTO replans (id, suspension_id, milestone_id, kind, from_at, to_at, reason, by_id, created_at)
    SELECT id, suspension_id, milestone_id, kind, from_at, to_at, reason, by_id, created_at FROM replans_kept;
DROP TABLE replans_kept;
CREATE INDEX replans_suspension_idx ON replans (suspension_id, kind, id);
