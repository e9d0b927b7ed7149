-- +goose Up
-- Observables (issue 23, docs/observables.md): what the team observed in a
-- case, typed and in one canonical form per value (internal/observables), so
-- that the same value in two cases is a sighting. value_key is the SHA-256 of
-- the value (hex): values run to 2 048 characters, longer than a B-tree
-- entry may be, so lookups go through the key and then compare the value.
-- One value once per case and type: adding it again merges into the row.
CREATE TABLE observables (
    id            uuid PRIMARY KEY,
    case_id       uuid NOT NULL REFERENCES cases (id),
    type          text NOT NULL CHECK (type IN ('ipv4', 'ipv6', 'cidr', 'domain', 'url', 'email', 'md5', 'sha1',
                                                'sha256', 'file_name', 'hostname', 'user_account', 'other')),
    value         text NOT NULL,
    value_key     text NOT NULL,
    tlp           text NOT NULL CHECK (tlp IN ('clear', 'green', 'amber', 'amber+strict', 'red')),
    pap           text NOT NULL CHECK (pap IN ('clear', 'green', 'amber', 'red')),
    ioc           boolean NOT NULL,
    tags          text NOT NULL,
    description   text NOT NULL,
    source        text NOT NULL,
    first_seen_at timestamptz,
    last_seen_at  timestamptz,
    created_by_id uuid NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    version       bigint NOT NULL
);
CREATE UNIQUE INDEX observables_case_value_idx ON observables (case_id, type, value_key);
-- Sightings and the search across cases: every case holding a value.
CREATE INDEX observables_value_idx ON observables (value_key, case_id);

-- The evidence an observable was found in, always of its own case.
CREATE TABLE observable_evidence (
    observable_id uuid NOT NULL REFERENCES observables (id) ON DELETE CASCADE,
    evidence_id   uuid NOT NULL REFERENCES evidence (id),
    PRIMARY KEY (observable_id, evidence_id)
);
CREATE INDEX observable_evidence_evidence_idx ON observable_evidence (evidence_id);

