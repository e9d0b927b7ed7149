-- +goose Up
-- Search as you type and partial references (internal/store/search.go).
-- PostgreSQL's text parser keeps `user@example.org`, `1.5`, `e-mail` and the
-- `-0150` of INC-2026-0150 as words of their own, where SQLite's FTS5 splits
-- them at the punctuation, so `0150` found the case on SQLite only. The stored
-- vectors are now taken over the text with ASCII punctuation turned into
-- spaces, as FTS5 reads it; the search splits its words the same way. The
-- columns are computed again, so they are dropped (with their GIN indexes)
-- and added back.
ALTER TABLE cases DROP COLUMN search_vector;
ALTER TABLE notes DROP COLUMN search_vector;
-- A reference's number is indexed without its leading zeros too (`150` finds
-- INC-2026-0150): a fourth line of the search text, as the store writes it.
UPDATE cases SET search_text = search_text || E'\n' || ltrim(substring(reference from '[0-9]+$'), '0')
WHERE ltrim(substring(reference from '[0-9]+$'), '0') NOT IN ('', substring(reference from '[0-9]+$'));
-- PostgreSQL only (the parity test knows): SQLite has the FTS5 tables.
ALTER TABLE cases ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple',
    translate(search_text, '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                '))) STORED,
    -- As 00010, and in the same statement, so that the rewrite computing the
    -- column already keeps it in the row.
    ALTER COLUMN search_vector SET STORAGE MAIN;
CREATE INDEX cases_search_idx ON cases USING gin (search_vector);
ALTER TABLE notes ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple',
    translate(body, '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                '))) STORED;
CREATE INDEX notes_search_idx ON notes USING gin (search_vector);
ANALYZE cases;
ANALYZE notes;
