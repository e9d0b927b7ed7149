-- +goose Up
-- The list sorted by regulator deadline: the cases whose clock still runs, in
-- the order their clocks end, read through this index instead of sorting them.
CREATE INDEX cases_regulator_due_idx ON cases (regulator_due_at, id)
    WHERE regulator_notified_at IS NULL AND regulator_due_at IS NOT NULL AND regulator_decision_rationale = '';

