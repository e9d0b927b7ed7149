-- +goose Up
-- Notes are indexed in their own rows (see the PostgreSQL migration): an FTS5
-- index over note bodies, kept in step by triggers, and a case's search text
-- is its reference, title and summary again. The case index is rebuilt once
-- rather than re-indexed a row at a time through its update trigger.
DROP TRIGGER cases_search_update;
UPDATE cases SET search_text = reference || char(10) || title || char(10) || summary;
INSERT INTO cases_search (cases_search) VALUES ('rebuild');
-- +goose StatementBegin
CREATE TRIGGER cases_search_update AFTER UPDATE OF search_text ON cases BEGIN
    INSERT INTO cases_search (cases_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO cases_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
-- +goose StatementEnd

CREATE VIRTUAL TABLE notes_search USING fts5(
    body, content = 'notes', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO notes_search (notes_search, rank) VALUES ('pgsz', 64000);
INSERT INTO notes_search (notes_search) VALUES ('rebuild');
-- +goose StatementBegin
CREATE TRIGGER notes_search_insert AFTER INSERT ON notes BEGIN
    INSERT INTO notes_search (rowid, body) VALUES (new.rowid, new.body);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER notes_search_delete AFTER DELETE ON notes BEGIN
    INSERT INTO notes_search (notes_search, rowid, body) VALUES ('delete', old.rowid, old.body);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER notes_search_update AFTER UPDATE OF body ON notes BEGIN
    INSERT INTO notes_search (notes_search, rowid, body) VALUES ('delete', old.rowid, old.body);
    INSERT INTO notes_search (rowid, body) VALUES (new.rowid, new.body);
END;
-- +goose StatementEnd
