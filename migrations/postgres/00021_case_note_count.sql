-- +goose Up
-- A case counts its notes on its own row, so that the cap on notes per case
-- is checked by the update that touches the case anyway (under its row lock),
-- not by counting the notes table, whose plan depends on fresh statistics.
ALTER TABLE cases ADD COLUMN note_count integer NOT NULL DEFAULT 0;
UPDATE cases c SET note_count = n.held
FROM (SELECT case_id, count(*) AS held FROM notes GROUP BY case_id) n
WHERE n.case_id = c.id;
