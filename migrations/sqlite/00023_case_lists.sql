-- +goose Up
-- The list sorted by regulator deadline: the cases whose clock still runs, in
-- the order their clocks end, read through this index instead of sorting them.
CREATE INDEX cases_regulator_due_idx ON cases (regulator_due_at, id)
    WHERE regulator_notified_at IS NULL AND regulator_due_at IS NOT NULL AND regulator_decision_rationale = '';


-- The views of the cases list each person saves: a name and the list's query
-- string (its filters and sort), unique by name (ignoring case) per person.
CREATE TABLE saved_views (
    id         TEXT PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id),
    name       TEXT NOT NULL,
    query      TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX saved_views_name_key ON saved_views (user_id, lower(name));
