-- +goose Up
-- My work (the landing page) finds the evidence a user holds by the party its
-- latest hand-over went to, compared without case: an index on that, so the
-- landing page reads a user's few items instead of every custody event.
CREATE INDEX custody_events_to_party_idx ON custody_events (lower(to_party));

-- Each walk of the audit chain, so that the landing page can tell an auditor
-- the chain's state (the last walk's result and time) without walking it.
CREATE TABLE audit_verifications (
    id                uuid PRIMARY KEY,
    verified_at       timestamptz NOT NULL,
    verified_by_id    uuid REFERENCES users (id),
    valid             boolean NOT NULL,
    checked           bigint NOT NULL,
    first_invalid_seq bigint
);
CREATE INDEX audit_verifications_time_idx ON audit_verifications (verified_at DESC, id DESC);
