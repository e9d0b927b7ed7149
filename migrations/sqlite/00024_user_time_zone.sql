-- +goose Up
-- See the PostgreSQL migration.
ALTER TABLE users ADD COLUMN time_zone TEXT;
