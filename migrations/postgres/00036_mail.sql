-- +goose Up
-- Mail (issue 22): one row per (event, recipient), queued by the email
-- delivery in the transaction that moves its outbox cursor, so each is queued
-- once. A sender claims due rows with a lease (lease_owner, lease_until), so
-- two replicas never send the same row at once; a replica killed mid-send
-- leaves a lease that runs out and the row is sent again (receivers
-- deduplicate on message_id). Rows are never deleted by the sender: a row
-- that cannot be sent for 24 hours is marked undeliverable and kept for the
-- admins' Mail page.
CREATE TABLE mail_messages (
    id          uuid PRIMARY KEY,
    event_id    text NOT NULL,
    event_seq   bigint NOT NULL,
    kind        text NOT NULL,
    event       text NOT NULL,
    user_id     uuid NOT NULL,
    email       text NOT NULL,
    name        text NOT NULL,
    time_zone   text NOT NULL,
    digest      text NOT NULL CHECK (digest IN ('off', 'hourly', 'daily')),
    status      text NOT NULL CHECK (status IN ('queued', 'retrying', 'sent', 'undeliverable')),
    due_at      timestamptz NOT NULL,
    attempts    integer NOT NULL DEFAULT 0,
    last_error  text NOT NULL DEFAULT '',
    lease_owner text,
    lease_until timestamptz,
    message_id  text NOT NULL,
    created_at  timestamptz NOT NULL,
    sent_at     timestamptz,
    give_up_at  timestamptz,
    version     integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX mail_messages_event_user_idx ON mail_messages (event_id, user_id);
CREATE INDEX mail_messages_due_idx ON mail_messages (due_at) WHERE status IN ('queued', 'retrying');
CREATE INDEX mail_messages_status_idx ON mail_messages (status, created_at DESC, id DESC);

