-- +goose Up
-- See the PostgreSQL migration.
CREATE TABLE mail_messages (
    id          TEXT PRIMARY KEY NOT NULL,
    event_id    TEXT NOT NULL,
    event_seq   INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    event       TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    email       TEXT NOT NULL,
    name        TEXT NOT NULL,
    time_zone   TEXT NOT NULL,
    digest      TEXT NOT NULL CHECK (digest IN ('off', 'hourly', 'daily')),
    status      TEXT NOT NULL CHECK (status IN ('queued', 'retrying', 'sent', 'undeliverable')),
    due_at      TIMESTAMP NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    lease_owner TEXT,
    lease_until TIMESTAMP,
    message_id  TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    sent_at     TIMESTAMP,
    give_up_at  TIMESTAMP,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX mail_messages_event_user_idx ON mail_messages (event_id, user_id);
CREATE INDEX mail_messages_due_idx ON mail_messages (due_at) WHERE status IN ('queued', 'retrying');
CREATE INDEX mail_messages_status_idx ON mail_messages (status, created_at DESC, id DESC);

