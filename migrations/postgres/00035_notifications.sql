-- +goose Up
-- Who is told what in the app (issue 22, internal/notify).
-- A follow: a user follows a case, a service or a department. following is
-- false only for a department head who turned off the default follow of
-- their own department, so that the default can be refused.
CREATE TABLE notification_follows (
    user_id     uuid NOT NULL REFERENCES users (id),
    target_type text NOT NULL CHECK (target_type IN ('case', 'service', 'department')),
    target_id   uuid NOT NULL,
    following   boolean NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (user_id, target_type, target_id)
);
-- Recipients look followers up by what they follow.
CREATE INDEX notification_follows_target_idx ON notification_follows (target_type, target_id);

-- A user's choices that differ from the defaults, per kind and channel.
CREATE TABLE notification_preferences (
    user_id uuid NOT NULL REFERENCES users (id),
    kind    text NOT NULL,
    channel text NOT NULL CHECK (channel IN ('in_app', 'email')),
    enabled boolean NOT NULL,
    PRIMARY KEY (user_id, kind, channel)
);

-- A user's email digest: off (each mail at once), hourly or daily.
CREATE TABLE notification_settings (
    user_id      uuid PRIMARY KEY REFERENCES users (id),
    email_digest text NOT NULL CHECK (email_digest IN ('off', 'hourly', 'daily')),
    updated_at   timestamptz NOT NULL
);

-- The bell: one row per recipient of an event, its sentence rendered when
-- it was delivered, so a page of them is one query. (user_id, event_id) is
-- unique: handing the same event over twice writes nothing more.
CREATE TABLE notifications (
    id             uuid PRIMARY KEY,
    user_id        uuid NOT NULL REFERENCES users (id),
    event_id       uuid NOT NULL,
    event_seq      bigint NOT NULL,
    kind           text NOT NULL,
    case_id        uuid,
    case_reference text,
    actor_name     text NOT NULL,
    sentence       text NOT NULL,
    occurred_at    timestamptz NOT NULL,
    read_at        timestamptz
);
CREATE UNIQUE INDEX notifications_user_event_idx ON notifications (user_id, event_id);
-- Newest first, by the event's commit order.
CREATE INDEX notifications_user_seq_idx ON notifications (user_id, event_seq);
-- The unread count is polled often: it reads only unread rows.
CREATE INDEX notifications_unread_idx ON notifications (user_id, event_seq) WHERE read_at IS NULL;
