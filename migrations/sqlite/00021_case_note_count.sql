-- +goose Up
-- See the PostgreSQL migration.
ALTER TABLE cases ADD COLUMN note_count INTEGER NOT NULL DEFAULT 0;
UPDATE cases SET note_count = (SELECT count(*) FROM notes WHERE notes.case_id = cases.id)
WHERE id IN (SELECT DISTINCT case_id FROM notes);
