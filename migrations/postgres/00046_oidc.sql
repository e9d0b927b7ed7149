-- +goose Up
-- OpenID Connect sign-in (issue 24). A sign-in under way: the hash of its
-- state, the hash of the cookie that binds it to the browser that began it,
-- its nonce and PKCE verifier, where to go after, and until when its callback
-- is taken. The callback deletes it: a state is spent once.
CREATE TABLE oidc_states (
    state_hash   text PRIMARY KEY,
    binding_hash text NOT NULL,
    nonce        text NOT NULL,
    verifier     text NOT NULL,
    return_to    text NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);
CREATE INDEX oidc_states_expires_idx ON oidc_states (expires_at);

-- Which account a provider's subject signs in as: found by (issuer, subject),
-- never by email.
CREATE TABLE oidc_identities (
    issuer          text NOT NULL,
    subject         text NOT NULL,
    user_id         uuid NOT NULL REFERENCES users (id),
    created_at      timestamptz NOT NULL,
    last_sign_in_at timestamptz NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE UNIQUE INDEX oidc_identities_user_key ON oidc_identities (user_id);

-- A finished callback hands the SPA a one-time code (hashed here), bound to
-- the same browser cookie, that it exchanges for tokens within a minute.
CREATE TABLE oidc_handoffs (
    code_hash    text PRIMARY KEY,
    binding_hash text NOT NULL,
    user_id      uuid NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);
CREATE INDEX oidc_handoffs_expires_idx ON oidc_handoffs (expires_at);
