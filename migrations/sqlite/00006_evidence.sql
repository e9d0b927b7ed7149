-- +goose Up
CREATE TABLE evidence (
    id               TEXT PRIMARY KEY NOT NULL,
    case_id          TEXT NOT NULL REFERENCES cases (id),
    title            TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('log', 'disk_image', 'memory_dump', 'network_capture', 'email', 'screenshot', 'document', 'other')),
    description      TEXT NOT NULL DEFAULT '',
    source           TEXT NOT NULL DEFAULT '',
    collected_at     TIMESTAMP NOT NULL,
    collected_by_id  TEXT NOT NULL REFERENCES users (id),
    file_name        TEXT,
    file_size        INTEGER,
    sha256           TEXT,
    content_type     TEXT,
    storage_key      TEXT,
    last_verified_at TIMESTAMP,
    last_verified_ok BOOLEAN,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX evidence_case_idx ON evidence (case_id, id);
CREATE INDEX evidence_storage_idx ON evidence (storage_key);

CREATE TABLE custody_events (
    id          TEXT PRIMARY KEY NOT NULL,
    evidence_id TEXT NOT NULL REFERENCES evidence (id),
    action      TEXT NOT NULL CHECK (action IN ('collected', 'transferred', 'accessed', 'analysed', 'verified', 'exported', 'returned', 'disposed')),
    actor_id    TEXT NOT NULL REFERENCES users (id),
    from_party  TEXT NOT NULL DEFAULT '',
    to_party    TEXT NOT NULL DEFAULT '',
    location    TEXT NOT NULL DEFAULT '',
    purpose     TEXT NOT NULL DEFAULT '',
    occurred_at TIMESTAMP NOT NULL,
    time_zone   TEXT NOT NULL DEFAULT 'UTC',
    note        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
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
