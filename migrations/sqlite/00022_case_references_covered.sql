-- +goose Up
-- See the PostgreSQL migration.
CREATE INDEX cases_reference_id_idx ON cases (reference, id);
