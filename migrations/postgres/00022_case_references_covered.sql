-- +goose Up
-- The audit log's search (GET /audit?q=) finds the cases whose reference holds
-- the text. A reference in the middle ("2026-0007") cannot use an index range,
-- so the references are scanned: this index holds each with its case's id, so
-- the scan reads it instead of every case's row (with its search text).
CREATE INDEX cases_reference_id_idx ON cases (reference, id);
