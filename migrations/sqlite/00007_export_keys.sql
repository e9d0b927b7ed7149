-- +goose Up
CREATE TABLE export_keys (
    id          TEXT PRIMARY KEY NOT NULL,
    public_key  BLOB NOT NULL,
    private_key BLOB NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
