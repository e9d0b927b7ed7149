-- +goose Up
-- Cases whose regulator clock still runs (personal data involved, neither
-- notified nor decided against): the due and overdue filters walk these in
-- list order instead of walking every case to find the few that match.
-- (Search already has its GIN index here; SQLite gets FTS5 in this version.)
CREATE INDEX cases_regulator_open_idx ON cases (created_at, id)
    WHERE regulator_notified_at IS NULL AND regulator_due_at IS NOT NULL AND regulator_decision_rationale = '';
