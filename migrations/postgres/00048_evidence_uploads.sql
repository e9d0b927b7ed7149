-- +goose Up
-- Uploads between placing their file and recording its item (docs/evidence.md,
-- "Upload"). An upload inserts its row before it moves the file into place and
-- deletes it in the transaction that records the item; while it waits it
-- refreshes seen_at. A row whose seen_at stops moving is an upload that died
-- (a replica killed mid-upload, say): the leader removes its file unless an
-- item names it or another upload holds it, and audits the removal.
CREATE TABLE evidence_uploads (
    id           uuid PRIMARY KEY,
    storage_key  text NOT NULL,
    started_at   timestamptz NOT NULL,
    seen_at      timestamptz NOT NULL
);
CREATE INDEX evidence_uploads_key_idx ON evidence_uploads (storage_key);
CREATE INDEX evidence_uploads_seen_idx ON evidence_uploads (seen_at);
