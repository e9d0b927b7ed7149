-- +goose Up
-- See the PostgreSQL migration. SQLite's single writer orders seq by itself.
CREATE TABLE outbox_events (
    seq         INTEGER PRIMARY KEY NOT NULL,
    id          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    actor_id    TEXT,
    case_id     TEXT,
    entity_type TEXT NOT NULL,
    entity_id   TEXT,
    action      TEXT NOT NULL,
    data        TEXT NOT NULL
);
CREATE UNIQUE INDEX outbox_events_id_idx ON outbox_events (id);
CREATE INDEX outbox_events_occurred_idx ON outbox_events (occurred_at);

CREATE TABLE outbox_cursors (
    name       TEXT PRIMARY KEY NOT NULL,
    seq        INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
