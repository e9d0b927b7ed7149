-- +goose Up
-- Phase times for the figures (docs/figures.md): contained_at is the first move
-- to contained or a later status (a case that skipped contained counts from
-- that move) and is never cleared; closed_at is the last closing, cleared when
-- the case reopens. The transition that moves the case sets them in its
-- transaction; cases opened before this migration take them from their
-- audit trail's transitions.
ALTER TABLE cases ADD COLUMN contained_at timestamptz;
ALTER TABLE cases ADD COLUMN closed_at timestamptz;

UPDATE cases SET contained_at = first.occurred_at
  FROM (SELECT DISTINCT ON (a.case_id) a.case_id, a.occurred_at FROM audit_events a
         WHERE a.action = 'case.transition'
           AND (a.changes::jsonb -> 'status' ->> 1) IN ('contained', 'recovering', 'closed')
         ORDER BY a.case_id, a.seq) AS first
 WHERE first.case_id = cases.id;
UPDATE cases SET closed_at = last.occurred_at
  FROM (SELECT DISTINCT ON (a.case_id) a.case_id, a.occurred_at FROM audit_events a
         WHERE a.action = 'case.transition'
           AND (a.changes::jsonb -> 'status' ->> 1) = 'closed'
         ORDER BY a.case_id, a.seq DESC) AS last
 WHERE last.case_id = cases.id AND cases.status = 'closed';

-- The figures' reads (internal/store/figures.go). SQLite indexes the
-- durations themselves; PostgreSQL cannot (extract(epoch …) of a timestamptz
-- is not immutable), so it indexes the times, with the columns need-to-know
-- reads, for index-only scans.
CREATE INDEX cases_contain_secs_idx ON cases (severity_rank, contained_at, detected_at, restricted, owner_id, department_id)
    WHERE contained_at IS NOT NULL;
CREATE INDEX cases_close_secs_idx ON cases (severity_rank, closed_at, detected_at, restricted, owner_id, department_id)
    WHERE closed_at IS NOT NULL;
CREATE INDEX cases_closed_idx ON cases (closed_at, restricted, owner_id, department_id);
CREATE INDEX cases_created_scope_idx ON cases (created_at, restricted, owner_id, department_id);
