-- +goose Up
CREATE TABLE departments (
    id         uuid PRIMARY KEY,
    name       text NOT NULL,
    version    bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX departments_name_key ON departments (lower(name));

CREATE TABLE users (
    id            uuid PRIMARY KEY,
    email         text NOT NULL,
    name          text NOT NULL,
    role          text NOT NULL CHECK (role IN ('admin', 'responder', 'department_head', 'auditor')),
    department_id uuid REFERENCES departments (id),
    password_hash text NOT NULL,
    disabled      boolean NOT NULL DEFAULT false,
    version       bigint NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_department_idx ON users (department_id);

-- Refresh tokens are stored as SHA-256 hashes; a family is every token descended
-- from one sign-in, revoked together when a spent token is presented again.
CREATE TABLE refresh_tokens (
    id         uuid PRIMARY KEY,
    family_id  uuid NOT NULL,
    user_id    uuid NOT NULL REFERENCES users (id),
    token_hash text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    revoked_at timestamptz
);
CREATE UNIQUE INDEX refresh_tokens_hash_key ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

-- Keys that sign access tokens live here so that every replica agrees.
CREATE TABLE signing_keys (
    id         text PRIMARY KEY,
    purpose    text NOT NULL,
    secret     bytea NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX signing_keys_purpose_idx ON signing_keys (purpose, created_at);

-- Failed sign-ins per account or client address, for throttling across replicas.
CREATE TABLE login_failures (
    key               text PRIMARY KEY,
    failures          integer NOT NULL,
    window_started_at timestamptz NOT NULL
);
