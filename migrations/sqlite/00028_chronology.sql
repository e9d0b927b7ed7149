-- +goose Up
-- See the PostgreSQL migration.
CREATE TABLE chronology_entries (
    id                TEXT PRIMARY KEY NOT NULL,
    case_id           TEXT NOT NULL REFERENCES cases (id),
    kind              TEXT NOT NULL CHECK (kind IN ('detection', 'containment', 'eradication', 'recovery',
                                                    'communication', 'decision', 'other')),
    occurred_at       TIMESTAMP NOT NULL,
    recorded_at       TIMESTAMP NOT NULL,
    author_id         TEXT NOT NULL REFERENCES users (id),
    body              TEXT NOT NULL,
    corrected_at      TIMESTAMP,
    corrected_by_id   TEXT REFERENCES users (id),
    retracted_at      TIMESTAMP,
    retracted_by_id   TEXT REFERENCES users (id),
    retraction_reason TEXT,
    version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX chronology_entries_case_idx ON chronology_entries (case_id, occurred_at, recorded_at, id);

CREATE TABLE chronology_evidence (
    entry_id    TEXT NOT NULL REFERENCES chronology_entries (id),
    evidence_id TEXT NOT NULL REFERENCES evidence (id),
    PRIMARY KEY (entry_id, evidence_id)
);
CREATE INDEX chronology_evidence_evidence_idx ON chronology_evidence (evidence_id);

-- +goose StatementBegin
CREATE TRIGGER chronology_entries_no_delete BEFORE DELETE ON chronology_entries
BEGIN
    SELECT RAISE(ABORT, 'chronology_entries are kept: DELETE refused (retract an entry instead)');
END;
-- +goose StatementEnd
