-- +goose Up
-- Notes are indexed in their own rows. Since 00008 every note rewrote its
-- case's search text, so adding one cost as much as all the case's notes
-- together, and past about 720 KB of notes the case's vector passed
-- PostgreSQL's 1 MB limit and the next note failed. Now each note has its own
-- stored vector and GIN index, and a case's search text is its reference,
-- title and summary again (docs/cases.md says how a search reads both).
UPDATE cases SET search_text = reference || E'\n' || title || E'\n' || summary;
-- PostgreSQL only (the parity test knows): SQLite has the notes_search FTS5 table.
ALTER TABLE notes ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED;
CREATE INDEX notes_search_idx ON notes USING gin (search_vector);
-- The rewritten cases went into the GIN index's pending list, which every
-- search would read through until a vacuum; merge it now, and give the
-- planner the new column's statistics.
SELECT gin_clean_pending_list('cases_search_idx');
ANALYZE cases;
ANALYZE notes;
