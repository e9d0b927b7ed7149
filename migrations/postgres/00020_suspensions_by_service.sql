-- +goose Up
-- The service page (GET /services/{id}/history) reads one service's
-- suspensions newest first; without this index it walked every suspension.
CREATE INDEX suspensions_service_idx ON suspensions (service_id, suspended_at DESC, id DESC);
