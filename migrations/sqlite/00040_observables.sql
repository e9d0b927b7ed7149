-- +goose Up
-- See the PostgreSQL migration.
CREATE TABLE observables (
    id            TEXT PRIMARY KEY NOT NULL,
    case_id       TEXT NOT NULL REFERENCES cases (id),
    type          TEXT NOT NULL CHECK (type IN ('ipv4', 'ipv6', 'cidr', 'domain', 'url', 'email', 'md5', 'sha1',
                                                'sha256', 'file_name', 'hostname', 'user_account', 'other')),
    value         TEXT NOT NULL,
    value_key     TEXT NOT NULL,
    tlp           TEXT NOT NULL CHECK (tlp IN ('clear', 'green', 'amber', 'amber+strict', 'red')),
    pap           TEXT NOT NULL CHECK (pap IN ('clear', 'green', 'amber', 'red')),
    ioc           BOOLEAN NOT NULL,
    tags          TEXT NOT NULL,
    description   TEXT NOT NULL,
    source        TEXT NOT NULL,
    first_seen_at TIMESTAMP,
    last_seen_at  TIMESTAMP,
    created_by_id TEXT NOT NULL REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    version       INTEGER NOT NULL
);
CREATE UNIQUE INDEX observables_case_value_idx ON observables (case_id, type, value_key);
CREATE INDEX observables_value_idx ON observables (value_key, case_id);

CREATE TABLE observable_evidence (
    observable_id TEXT NOT NULL REFERENCES observables (id) ON DELETE CASCADE,
    evidence_id   TEXT NOT NULL REFERENCES evidence (id),
    PRIMARY KEY (observable_id, evidence_id)
);
CREATE INDEX observable_evidence_evidence_idx ON observable_evidence (evidence_id);

