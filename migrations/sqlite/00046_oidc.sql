-- +goose Up
-- See the PostgreSQL migration.
CREATE TABLE oidc_states (
    state_hash   TEXT PRIMARY KEY NOT NULL,
    binding_hash TEXT NOT NULL,
    nonce        TEXT NOT NULL,
    verifier     TEXT NOT NULL,
    return_to    TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL
);
CREATE INDEX oidc_states_expires_idx ON oidc_states (expires_at);

CREATE TABLE oidc_identities (
    issuer          TEXT NOT NULL,
    subject         TEXT NOT NULL,
    user_id         TEXT NOT NULL REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    last_sign_in_at TIMESTAMP NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE UNIQUE INDEX oidc_identities_user_key ON oidc_identities (user_id);

CREATE TABLE oidc_handoffs (
    code_hash    TEXT PRIMARY KEY NOT NULL,
    binding_hash TEXT NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL
);
CREATE INDEX oidc_handoffs_expires_idx ON oidc_handoffs (expires_at);
