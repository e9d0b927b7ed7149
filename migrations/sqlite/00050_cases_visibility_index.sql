-- +goose Up
-- See the PostgreSQL migration: the list's capped count reads this index
-- rather than the cases' rows.
CREATE INDEX cases_visibility_idx ON cases (restricted, owner_id, id);
