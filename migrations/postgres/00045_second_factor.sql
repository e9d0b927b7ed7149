-- +goose Up
-- A second factor for local accounts (issue 24): one TOTP secret per account,
-- its recovery codes (SHA-256 of 80-bit codes, each used once), the sign-ins
-- waiting for their second step, and which roles must have one.
CREATE TABLE totp_factors (
    user_id        uuid PRIMARY KEY REFERENCES users (id),
    -- The confirmed secret ('' while none) and when it was confirmed.
    secret         text NOT NULL,
    enrolled_at    timestamptz,
    -- The RFC 6238 step of the last code taken: a code at or before it is
    -- refused, so that no code works twice.
    last_step      bigint NOT NULL DEFAULT 0,
    -- A secret handed out and not yet confirmed with a code ('' while none).
    pending_secret text NOT NULL DEFAULT '',
    pending_until  timestamptz
);

CREATE TABLE recovery_codes (
    user_id   uuid NOT NULL REFERENCES users (id),
    code_hash text NOT NULL,
    used_at   timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

-- A right password waiting for its second factor. Only the token's SHA-256
-- is kept; the challenge ends at expires_at, after five wrong codes, once used,
-- or when the account's password changes (password_fingerprint).
CREATE TABLE sign_in_challenges (
    id                   uuid PRIMARY KEY,
    token_hash           text NOT NULL,
    user_id              uuid NOT NULL REFERENCES users (id),
    password_fingerprint text NOT NULL,
    enrol                boolean NOT NULL,
    created_at           timestamptz NOT NULL,
    expires_at           timestamptz NOT NULL,
    failures             integer NOT NULL DEFAULT 0,
    used_at              timestamptz
);
CREATE UNIQUE INDEX sign_in_challenges_token_hash_key ON sign_in_challenges (token_hash);
CREATE INDEX sign_in_challenges_expires_idx ON sign_in_challenges (expires_at);

CREATE TABLE sign_in_policy (
    id                  integer PRIMARY KEY CHECK (id = 1),
    -- Comma-separated roles whose local accounts must have a second factor.
    second_factor_roles text NOT NULL,
    updated_at          timestamptz
);
INSERT INTO sign_in_policy (id, second_factor_roles) VALUES (1, '');
