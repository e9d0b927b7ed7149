-- +goose Up
-- Webhooks (issue 22, docs/notifications.md): admins point Caseward at URLs
-- that receive the events of the kinds they chose, signed as the Standard
-- Webhooks specification says. The secret is kept as issued (whsec_…): the
-- server must sign with it. A rotated secret stays valid for 24 h
-- (previous_secret until previous_expires_at).
CREATE TABLE webhooks (
    id                  uuid PRIMARY KEY,
    url                 text NOT NULL,
    description         text NOT NULL,
    kinds               text NOT NULL,
    enabled             boolean NOT NULL,
    include_restricted  boolean NOT NULL,
    secret              text NOT NULL,
    previous_secret     text,
    previous_expires_at timestamptz,
    failing_since       timestamptz,
    disabled_at         timestamptz,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    version             bigint NOT NULL
);

-- One row per (event, webhook): the unique index makes the relay's insert
-- idempotent. payload is the event as sent (the outbox is pruned). A sender
-- claims a due row by setting claimed_until (a lease), so two replicas never
-- send the same row at once.
CREATE TABLE webhook_deliveries (
    id              uuid PRIMARY KEY,
    webhook_id      uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id        text NOT NULL,
    kind            text NOT NULL,
    payload         text NOT NULL,
    status          text NOT NULL,
    attempts        integer NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    claimed_until   timestamptz,
    last_status     integer,
    created_at      timestamptz NOT NULL,
    delivered_at    timestamptz
);
CREATE UNIQUE INDEX webhook_deliveries_event_key ON webhook_deliveries (webhook_id, event_id);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_list_idx ON webhook_deliveries (webhook_id, created_at DESC, id DESC);

-- Every attempt: what the receiver answered (a bounded snippet) or the error.
CREATE TABLE webhook_attempts (
    id           uuid PRIMARY KEY,
    delivery_id  uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempted_at timestamptz NOT NULL,
    status_code  integer,
    response     text NOT NULL,
    error        text NOT NULL,
    duration_ms  integer NOT NULL
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, attempted_at);
