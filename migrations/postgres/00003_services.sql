-- +goose Up
CREATE TABLE services (
    id            uuid PRIMARY KEY,
    name          text NOT NULL,
    description   text NOT NULL DEFAULT '',
    department_id uuid NOT NULL REFERENCES departments (id),
    version       bigint NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX services_name_key ON services (lower(name));
CREATE INDEX services_department_idx ON services (department_id, lower(name));
