-- +goose Up
-- A reference's number is indexed without its leading zeros too, so that a
-- search for `150` finds INC-2026-0150 (internal/store/search.go): a fourth
-- line of a case's search text, written when the reference ends in a number
-- with leading zeros, as the store writes it for new cases. As in 00013, the
-- case index is rebuilt once rather than row by row through its trigger.
-- Prefix search needs nothing more here: FTS5 reads a prefix from its index.
DROP TRIGGER cases_search_update;
UPDATE cases SET search_text = search_text || char(10) || ltrim(substr(reference, length(rtrim(reference, '0123456789')) + 1), '0')
WHERE ltrim(substr(reference, length(rtrim(reference, '0123456789')) + 1), '0') NOT IN ('', substr(reference, length(rtrim(reference, '0123456789')) + 1));
INSERT INTO cases_search (cases_search) VALUES ('rebuild');
-- +goose StatementBegin
CREATE TRIGGER cases_search_update AFTER UPDATE OF search_text ON cases BEGIN
    INSERT INTO cases_search (cases_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO cases_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
-- +goose StatementEnd
