-- +goose Up
-- API keys (issue 23, docs/api-keys.md): tokens for other tools and for
-- people's scripts. A key acts for one account (user_id) with one role; only
-- the SHA-256 of its secret is kept. Keys are revoked, never deleted, so the
-- audit trail's "via API key" always names a key that can be looked up.
CREATE TABLE api_keys (
    id                uuid PRIMARY KEY,
    name              text NOT NULL,
    kind              text NOT NULL CHECK (kind IN ('service', 'personal')),
    role              text NOT NULL CHECK (role IN ('admin', 'responder', 'department_head', 'auditor',
                                                    'alert_ingest', 'read_only')),
    user_id           uuid NOT NULL REFERENCES users (id),
    secret_hash       text NOT NULL,
    rate_per_minute   integer CHECK (rate_per_minute > 0),
    created_by_id     uuid NOT NULL REFERENCES users (id),
    created_at        timestamptz NOT NULL,
    expires_at        timestamptz NOT NULL,
    last_used_at      timestamptz,
    last_used_ip      text,
    revoked_at        timestamptz,
    revoked_by_id     uuid REFERENCES users (id)
);
CREATE INDEX api_keys_user_idx ON api_keys (user_id, created_at);
CREATE INDEX api_keys_created_idx ON api_keys (created_at, id);
