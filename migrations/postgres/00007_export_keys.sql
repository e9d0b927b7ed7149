-- +goose Up
-- Ed25519 keys that sign exports; created on first start, kept so that old
-- exports stay verifiable after a new key is made.
CREATE TABLE export_keys (
    id          text PRIMARY KEY,
    public_key  bytea NOT NULL,
    private_key bytea NOT NULL,
    created_at  timestamptz NOT NULL
);
