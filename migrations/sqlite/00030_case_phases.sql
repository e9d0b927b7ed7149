-- +goose Up
-- See the PostgreSQL migration.
ALTER TABLE cases ADD COLUMN contained_at TIMESTAMP;
ALTER TABLE cases ADD COLUMN closed_at TIMESTAMP;

UPDATE cases SET contained_at = (
    SELECT a.occurred_at FROM audit_events a
     WHERE a.case_id = cases.id AND a.action = 'case.transition'
       AND json_extract(a.changes, '$.status[1]') IN ('contained', 'recovering', 'closed')
     ORDER BY a.seq LIMIT 1);
UPDATE cases SET closed_at = (
    SELECT a.occurred_at FROM audit_events a
     WHERE a.case_id = cases.id AND a.action = 'case.transition'
       AND json_extract(a.changes, '$.status[1]') = 'closed'
     ORDER BY a.seq DESC LIMIT 1)
 WHERE status = 'closed';

-- The durations from detection, on exactly the expressions the figures read
-- (internal/store/figures.go), with the columns need-to-know reads: the
-- figures read them from these indexes, in order, without parsing a time.
CREATE INDEX cases_contain_secs_idx ON cases
    (severity_rank, (unixepoch(contained_at) - unixepoch(detected_at)), restricted, owner_id, department_id)
    WHERE contained_at IS NOT NULL;
CREATE INDEX cases_close_secs_idx ON cases
    (severity_rank, (unixepoch(closed_at) - unixepoch(detected_at)), restricted, owner_id, department_id)
    WHERE closed_at IS NOT NULL;
CREATE INDEX cases_closed_idx ON cases (closed_at, restricted, owner_id, department_id);
CREATE INDEX cases_created_scope_idx ON cases (created_at, restricted, owner_id, department_id);
