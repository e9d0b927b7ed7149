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

CREATE INDEX cases_contained_idx ON cases (severity_rank, contained_at);
CREATE INDEX cases_closed_idx ON cases (closed_at);
