-- +goose Up
-- See the PostgreSQL migration.
CREATE TABLE evidence_uploads (
    id           TEXT PRIMARY KEY NOT NULL,
    storage_key  TEXT NOT NULL,
    started_at   TIMESTAMP NOT NULL,
    seen_at      TIMESTAMP NOT NULL
);
CREATE INDEX evidence_uploads_key_idx ON evidence_uploads (storage_key);
CREATE INDEX evidence_uploads_seen_idx ON evidence_uploads (seen_at);
