-- +goose Up
-- See the PostgreSQL migration.
CREATE INDEX suspensions_service_idx ON suspensions (service_id, suspended_at DESC, id DESC);
