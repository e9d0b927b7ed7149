-- +goose Up
-- See the PostgreSQL migration.
CREATE TABLE notification_follows (
    user_id     TEXT NOT NULL REFERENCES users (id),
    target_type TEXT NOT NULL CHECK (target_type IN ('case', 'service', 'department')),
    target_id   TEXT NOT NULL,
    following   BOOLEAN NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, target_type, target_id)
);
CREATE INDEX notification_follows_target_idx ON notification_follows (target_type, target_id);

CREATE TABLE notification_preferences (
    user_id TEXT NOT NULL REFERENCES users (id),
    kind    TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('in_app', 'email')),
    enabled BOOLEAN NOT NULL,
    PRIMARY KEY (user_id, kind, channel)
);

CREATE TABLE notification_settings (
    user_id      TEXT PRIMARY KEY NOT NULL REFERENCES users (id),
    email_digest TEXT NOT NULL CHECK (email_digest IN ('off', 'hourly', 'daily')),
    updated_at   TIMESTAMP NOT NULL
);

CREATE TABLE notifications (
    id             TEXT PRIMARY KEY NOT NULL,
    user_id        TEXT NOT NULL REFERENCES users (id),
    event_id       TEXT NOT NULL,
    event_seq      INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    case_id        TEXT,
    case_reference TEXT,
    actor_name     TEXT NOT NULL,
    sentence       TEXT NOT NULL,
    occurred_at    TIMESTAMP NOT NULL,
    read_at        TIMESTAMP
);
CREATE UNIQUE INDEX notifications_user_event_idx ON notifications (user_id, event_id);
CREATE INDEX notifications_user_seq_idx ON notifications (user_id, event_seq);
CREATE INDEX notifications_unread_idx ON notifications (user_id, event_seq) WHERE read_at IS NULL;
