-- +goose Up
CREATE TABLE evidence (
    id               uuid PRIMARY KEY,
    case_id          uuid NOT NULL REFERENCES cases (id),
    title            text NOT NULL,
    kind             text NOT NULL CHECK (kind IN ('log', 'disk_image', 'memory_dump', 'network_capture', 'email', 'screenshot', 'document', 'other')),
    description      text NOT NULL DEFAULT '',
    source           text NOT NULL DEFAULT '',
    collected_at     timestamptz NOT NULL,
    collected_by_id  uuid NOT NULL REFERENCES users (id),
    file_name        text,
    file_size        bigint,
    sha256           text,
    content_type     text,
    storage_key      text,
    last_verified_at timestamptz,
    last_verified_ok boolean,
    version          bigint NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX evidence_case_idx ON evidence (case_id, id);
CREATE INDEX evidence_storage_idx ON evidence (storage_key);

-- Every hand-over or touch of an item; append-only like the audit trail.
CREATE TABLE custody_events (
    id          uuid PRIMARY KEY,
    evidence_id uuid NOT NULL REFERENCES evidence (id),
    action      text NOT NULL CHECK (action IN ('collected', 'transferred', 'accessed', 'analysed', 'verified', 'exported', 'returned', 'disposed')),
    actor_id    uuid NOT NULL REFERENCES users (id),
    from_party  text NOT NULL DEFAULT '',
    to_party    text NOT NULL DEFAULT '',
    location    text NOT NULL DEFAULT '',
    purpose     text NOT NULL DEFAULT '',
    occurred_at timestamptz NOT NULL,
    time_zone   text NOT NULL DEFAULT 'UTC',
    note        text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL
);
CREATE INDEX custody_events_evidence_idx ON custody_events (evidence_id, occurred_at);

-- +goose StatementBegin
CREATE FUNCTION custody_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'custody_events is append-only: % refused', TG_OP;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER custody_events_no_update BEFORE UPDATE ON custody_events
    FOR EACH ROW EXECUTE FUNCTION custody_events_append_only();
CREATE TRIGGER custody_events_no_delete BEFORE DELETE ON custody_events
    FOR EACH ROW EXECUTE FUNCTION custody_events_append_only();
