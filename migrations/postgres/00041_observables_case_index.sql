-- +goose Up
-- A case's observables are read a page at a time, newest first (issue 23):
-- without this, a page of a case holding thousands read and sorted them all.
CREATE INDEX observables_case_idx ON observables (case_id, id);
