-- +goose Up
-- See the PostgreSQL migration.
CREATE TABLE totp_factors (
    user_id        TEXT PRIMARY KEY NOT NULL REFERENCES users (id),
    secret         TEXT NOT NULL,
    enrolled_at    TIMESTAMP,
    last_step      INTEGER NOT NULL DEFAULT 0,
    pending_secret TEXT NOT NULL DEFAULT '',
    pending_until  TIMESTAMP
);

CREATE TABLE recovery_codes (
    user_id   TEXT NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,
    used_at   TIMESTAMP,
    PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE sign_in_challenges (
    id                   TEXT PRIMARY KEY NOT NULL,
    token_hash           TEXT NOT NULL,
    user_id              TEXT NOT NULL REFERENCES users (id),
    password_fingerprint TEXT NOT NULL,
    enrol                BOOLEAN NOT NULL,
    created_at           TIMESTAMP NOT NULL,
    expires_at           TIMESTAMP NOT NULL,
    failures             INTEGER NOT NULL DEFAULT 0,
    used_at              TIMESTAMP
);
CREATE UNIQUE INDEX sign_in_challenges_token_hash_key ON sign_in_challenges (token_hash);
CREATE INDEX sign_in_challenges_expires_idx ON sign_in_challenges (expires_at);

CREATE TABLE sign_in_policy (
    id                  INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    second_factor_roles TEXT NOT NULL,
    updated_at          TIMESTAMP
);
INSERT INTO sign_in_policy (id, second_factor_roles) VALUES (1, '');
