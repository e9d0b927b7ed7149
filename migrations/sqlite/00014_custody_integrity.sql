-- +goose Up
-- SQLite has no TRUNCATE (a DELETE without WHERE fires the delete trigger).
-- Added here: the integrity_failure custody action and the seal_id column
-- (see the PostgreSQL migration; rows written before it share the nil seal).
-- SQLite cannot alter a CHECK constraint: the table is rebuilt with its rows,
-- index and triggers. DROP TABLE's implicit delete fires no trigger, and no
-- table references this one.
CREATE TABLE custody_events_next (
    id          TEXT PRIMARY KEY NOT NULL,
    evidence_id TEXT NOT NULL REFERENCES evidence (id),
    action      TEXT NOT NULL CHECK (action IN ('collected', 'transferred', 'accessed', 'analysed', 'verified', 'exported', 'returned', 'disposed', 'integrity_failure')),
    actor_id    TEXT NOT NULL REFERENCES users (id),
    from_party  TEXT NOT NULL DEFAULT '',
    to_party    TEXT NOT NULL DEFAULT '',
    location    TEXT NOT NULL DEFAULT '',
    purpose     TEXT NOT NULL DEFAULT '',
    occurred_at TIMESTAMP NOT NULL,
    time_zone   TEXT NOT NULL DEFAULT 'UTC',
    note        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    seal_id     TEXT
);
INSERT INTO custody_events_next (id, evidence_id, action, actor_id, from_party, to_party, location, purpose, occurred_at, time_zone, note, created_at, seal_id)
    SELECT id, evidence_id, action, actor_id, from_party, to_party, location, purpose, occurred_at, time_zone, note, created_at,
        '00000000-0000-0000-0000-000000000000' FROM custody_events;
DROP TABLE custody_events;
ALTER TABLE custody_events_next RENAME TO custody_events;
CREATE INDEX custody_events_evidence_idx ON custody_events (evidence_id, occurred_at);

-- +goose StatementBegin
CREATE TRIGGER custody_events_no_update BEFORE UPDATE ON custody_events
BEGIN
    SELECT RAISE(ABORT, 'custody_events is append-only: UPDATE refused');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER custody_events_no_delete BEFORE DELETE ON custody_events
BEGIN
    SELECT RAISE(ABORT, 'custody_events is append-only: DELETE refused');
END;
-- +goose StatementEnd
