-- +goose Up
-- The incident's chronology: what happened and when (occurred_at, which may
-- lie before anyone noticed), beside when it was written down (recorded_at,
-- set by the server, never changed). An entry is corrected in place (the
-- audit trail keeps every old value with its reason) and retracted with a
-- reason, never deleted: the database refuses DELETE.
CREATE TABLE chronology_entries (
    id                uuid PRIMARY KEY,
    case_id           uuid NOT NULL REFERENCES cases (id),
    kind              text NOT NULL CHECK (kind IN ('detection', 'containment', 'eradication', 'recovery',
                                                    'communication', 'decision', 'other')),
    occurred_at       timestamptz NOT NULL,
    recorded_at       timestamptz NOT NULL,
    author_id         uuid NOT NULL REFERENCES users (id),
    body              text NOT NULL,
    corrected_at      timestamptz,
    corrected_by_id   uuid REFERENCES users (id),
    retracted_at      timestamptz,
    retracted_by_id   uuid REFERENCES users (id),
    retraction_reason text,
    version           bigint NOT NULL DEFAULT 1
);
-- The case's story reads in this order.
CREATE INDEX chronology_entries_case_idx ON chronology_entries (case_id, occurred_at, recorded_at, id);

-- The evidence an entry points to, always of the entry's own case.
CREATE TABLE chronology_evidence (
    entry_id    uuid NOT NULL REFERENCES chronology_entries (id),
    evidence_id uuid NOT NULL REFERENCES evidence (id),
    PRIMARY KEY (entry_id, evidence_id)
);
CREATE INDEX chronology_evidence_evidence_idx ON chronology_evidence (evidence_id);

-- +goose StatementBegin
CREATE FUNCTION chronology_entries_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'chronology_entries are kept: % refused (retract an entry instead)', TG_OP;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER chronology_entries_no_delete BEFORE DELETE ON chronology_entries
    FOR EACH ROW EXECUTE FUNCTION chronology_entries_kept();
CREATE TRIGGER chronology_entries_no_truncate BEFORE TRUNCATE ON chronology_entries
    FOR EACH STATEMENT EXECUTE FUNCTION chronology_entries_kept();
