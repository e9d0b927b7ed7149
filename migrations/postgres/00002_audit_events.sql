-- +goose Up
-- The audit trail: one row per change and per sensitive read, chained by hash.
-- `changes` is text, not jsonb, so the exact bytes that were hashed are kept.
CREATE TABLE audit_events (
    seq         bigint PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    actor_id    uuid,
    actor_email text,
    action      text NOT NULL,
    entity_type text NOT NULL,
    entity_id   text,
    case_id     uuid,
    request_id  text,
    ip          text,
    changes     text NOT NULL,
    prev_hash   text NOT NULL,
    hash        text NOT NULL
);
CREATE INDEX audit_events_case_idx ON audit_events (case_id, seq);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, seq);
CREATE INDEX audit_events_action_idx ON audit_events (action, seq);
CREATE INDEX audit_events_entity_idx ON audit_events (entity_type, entity_id, seq);
CREATE INDEX audit_events_time_idx ON audit_events (occurred_at);

-- Append-only, enforced by the database itself.
-- +goose StatementBegin
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
