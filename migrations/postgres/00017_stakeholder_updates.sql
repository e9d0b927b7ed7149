-- +goose Up
-- What the team tells people about a suspension: internal updates for staff,
-- public ones for the status page. Updates are never edited or deleted; a
-- correction is a new update naming the one it corrects.
CREATE TABLE suspension_updates (
    id            uuid PRIMARY KEY,
    suspension_id uuid NOT NULL REFERENCES suspensions (id),
    audience      text NOT NULL CHECK (audience IN ('internal', 'public')),
    body          text NOT NULL,
    corrects_id   uuid REFERENCES suspension_updates (id),
    -- the expected date the update announced, when it moved it (a re-plan)
    expected_restoration_at timestamptz,
    replan_id     uuid REFERENCES replans (id),
    author_id     uuid NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL
);
CREATE INDEX suspension_updates_suspension_idx ON suspension_updates (suspension_id, id);
-- The status page and its feed read public updates newest first.
CREATE INDEX suspension_updates_public_idx ON suspension_updates (created_at DESC, id DESC) WHERE audience = 'public';

-- +goose StatementBegin
CREATE FUNCTION suspension_updates_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'suspension_updates is append-only: % refused', TG_OP;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER suspension_updates_no_update BEFORE UPDATE ON suspension_updates
    FOR EACH ROW EXECUTE FUNCTION suspension_updates_append_only();
CREATE TRIGGER suspension_updates_no_delete BEFORE DELETE ON suspension_updates
    FOR EACH ROW EXECUTE FUNCTION suspension_updates_append_only();
CREATE TRIGGER suspension_updates_no_truncate BEFORE TRUNCATE ON suspension_updates
    FOR EACH STATEMENT EXECUTE FUNCTION suspension_updates_append_only();

-- A service appears on the public status page only under its public name.
ALTER TABLE services ADD COLUMN public_name text;
CREATE UNIQUE INDEX services_public_name_key ON services (lower(public_name)) WHERE public_name IS NOT NULL;
