-- +goose Up
-- See the PostgreSQL migration.
CREATE INDEX custody_events_to_party_idx ON custody_events (lower(to_party));

CREATE TABLE audit_verifications (
    id                TEXT PRIMARY KEY NOT NULL,
    verified_at       TIMESTAMP NOT NULL,
    verified_by_id    TEXT REFERENCES users (id),
    valid             BOOLEAN NOT NULL,
    checked           INTEGER NOT NULL,
    first_invalid_seq INTEGER
);
CREATE INDEX audit_verifications_time_idx ON audit_verifications (verified_at DESC, id DESC);
