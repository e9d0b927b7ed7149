-- +goose Up
-- See the PostgreSQL migration.
CREATE TABLE suspension_updates (
    id            TEXT PRIMARY KEY NOT NULL,
    suspension_id TEXT NOT NULL REFERENCES suspensions (id),
    audience      TEXT NOT NULL CHECK (audience IN ('internal', 'public')),
    body          TEXT NOT NULL,
    corrects_id   TEXT REFERENCES suspension_updates (id),
    expected_restoration_at TIMESTAMP,
    replan_id     TEXT REFERENCES replans (id),
    author_id     TEXT NOT NULL REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX suspension_updates_suspension_idx ON suspension_updates (suspension_id, id);
CREATE INDEX suspension_updates_public_idx ON suspension_updates (created_at DESC, id DESC) WHERE audience = 'public';

-- +goose StatementBegin
CREATE TRIGGER suspension_updates_no_update BEFORE UPDATE ON suspension_updates
BEGIN
    SELECT RAISE(ABORT, 'suspension_updates is append-only: UPDATE refused');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER suspension_updates_no_delete BEFORE DELETE ON suspension_updates
BEGIN
    SELECT RAISE(ABORT, 'suspension_updates is append-only: DELETE refused');
END;
-- +goose StatementEnd

ALTER TABLE services ADD COLUMN public_name TEXT;
CREATE UNIQUE INDEX services_public_name_key ON services (lower(public_name)) WHERE public_name IS NOT NULL;
