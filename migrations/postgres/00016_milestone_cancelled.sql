-- +goose Up
-- A restore may cancel the milestones still open: milestones gain the status
-- 'cancelled' (counted in neither done nor total).
ALTER TABLE milestones DROP CONSTRAINT milestones_status_check;
ALTER TABLE milestones ADD CONSTRAINT milestones_status_check
    CHECK (status IN ('planned', 'in_progress', 'done', 'blocked', 'cancelled'));
