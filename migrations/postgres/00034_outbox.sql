-- +goose Up
-- The transactional outbox (issue 22): every change worth telling, written in
-- the transaction of the change. seq is assigned under the audit trail's
-- advisory lock, which is held to COMMIT, so events become visible in seq
-- order: a reader that has seen seq N never later finds a new event below N,
-- and a cursor ("everything after N") is all a delivery needs to remember.
-- id is the event's stable identity, the key every delivery deduplicates on;
-- time-based events derive it from what they are about, so that the unique
-- index refuses the same threshold twice.
CREATE TABLE outbox_events (
    seq         bigint PRIMARY KEY,
    id          uuid NOT NULL,
    kind        text NOT NULL,
    occurred_at timestamptz NOT NULL,
    actor_id    text,
    case_id     text,
    entity_type text NOT NULL,
    entity_id   text,
    action      text NOT NULL,
    data        text NOT NULL
);
-- Ids are text as in audit_events, which they are copied from.
CREATE UNIQUE INDEX outbox_events_id_idx ON outbox_events (id);
CREATE INDEX outbox_events_occurred_idx ON outbox_events (occurred_at);

-- How far each delivery (one per channel) has read the outbox.
CREATE TABLE outbox_cursors (
    name       text PRIMARY KEY,
    seq        bigint NOT NULL,
    updated_at timestamptz NOT NULL
);
