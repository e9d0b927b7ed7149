-- +goose Up
CREATE TABLE services (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    department_id TEXT NOT NULL REFERENCES departments (id),
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX services_name_key ON services (lower(name));
CREATE INDEX services_department_idx ON services (department_id, lower(name));
