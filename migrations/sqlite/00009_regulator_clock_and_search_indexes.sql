-- +goose Up
-- Cases whose regulator clock still runs (personal data involved, neither
-- notified nor decided against): the due and overdue filters walk these in
-- list order instead of walking every case to find the few that match.
CREATE INDEX cases_regulator_open_idx ON cases (created_at, id)
    WHERE regulator_notified_at IS NULL AND regulator_due_at IS NOT NULL AND regulator_decision_rationale = '';

-- Search by FTS5 over search_text, as PostgreSQL does with its tsvector: whole
-- words (case-insensitive, accents kept, as PostgreSQL's 'simple'
-- configuration), found through an index instead of LIKE reading every case.
-- The index holds no copy of the text (content=cases); triggers keep it in step.
CREATE VIRTUAL TABLE cases_search USING fts5(
    search_text, content = 'cases', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO cases_search (cases_search) VALUES ('rebuild');

-- +goose StatementBegin
CREATE TRIGGER cases_search_insert AFTER INSERT ON cases BEGIN
    INSERT INTO cases_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER cases_search_delete AFTER DELETE ON cases BEGIN
    INSERT INTO cases_search (cases_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER cases_search_update AFTER UPDATE OF search_text ON cases BEGIN
    INSERT INTO cases_search (cases_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO cases_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
-- +goose StatementEnd
