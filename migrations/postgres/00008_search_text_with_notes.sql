-- +goose Up
-- A case's search text now carries its notes, and its full-text vector is
-- stored beside it: one GIN index answers a search, and a common word is found
-- by walking the newest cases without re-parsing their text.
UPDATE cases SET search_text = reference || E'\n' || title || E'\n' || summary
    || coalesce((SELECT string_agg(E'\n' || n.body, '' ORDER BY n.id) FROM notes n WHERE n.case_id = cases.id), '');
DROP INDEX notes_search_idx;
DROP INDEX cases_search_idx;
-- PostgreSQL only (the parity test knows): SQLite searches search_text with LIKE.
ALTER TABLE cases ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
CREATE INDEX cases_search_idx ON cases USING gin (search_vector);
