-- +goose Up
-- See the PostgreSQL migration.
CREATE TABLE api_keys (
    id                TEXT PRIMARY KEY NOT NULL,
    name              TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('service', 'personal')),
    role              TEXT NOT NULL CHECK (role IN ('admin', 'responder', 'department_head', 'auditor',
                                                    'alert_ingest', 'read_only')),
    user_id           TEXT NOT NULL REFERENCES users (id),
    secret_hash       TEXT NOT NULL,
    rate_per_minute   INTEGER CHECK (rate_per_minute > 0),
    created_by_id     TEXT NOT NULL REFERENCES users (id),
    created_at        TIMESTAMP NOT NULL,
    expires_at        TIMESTAMP NOT NULL,
    last_used_at      TIMESTAMP,
    last_used_ip      TEXT,
    revoked_at        TIMESTAMP,
    revoked_by_id     TEXT REFERENCES users (id)
);
CREATE INDEX api_keys_user_idx ON api_keys (user_id, created_at);
CREATE INDEX api_keys_created_idx ON api_keys (created_at, id);
