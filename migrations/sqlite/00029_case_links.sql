-- +goose Up
-- See the PostgreSQL migration. SQLite's two-argument min and max order the pair.
CREATE TABLE case_links (
    id            TEXT PRIMARY KEY NOT NULL,
    from_case_id  TEXT NOT NULL REFERENCES cases (id),
    to_case_id    TEXT NOT NULL REFERENCES cases (id),
    kind          TEXT NOT NULL CHECK (kind IN ('related', 'duplicate_of', 'caused_by')),
    created_by_id TEXT NOT NULL REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL,
    CHECK (from_case_id <> to_case_id)
);
CREATE UNIQUE INDEX case_links_pair_idx ON case_links (min(from_case_id, to_case_id), max(from_case_id, to_case_id));
CREATE INDEX case_links_from_idx ON case_links (from_case_id, kind);
CREATE INDEX case_links_to_idx ON case_links (to_case_id, kind);
