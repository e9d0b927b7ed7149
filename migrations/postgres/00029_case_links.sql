-- +goose Up
-- Links between two cases (issue 21, item 5): related (symmetric),
-- duplicate_of (from duplicates to) and caused_by (from was caused by to).
-- Each link is stored once; the unique index on the unordered pair keeps two
-- cases to one link, whichever its direction, so that two requests racing
-- to link A→B and B→A cannot both succeed. Longer cycles of duplicate_of or
-- caused_by are refused by the service, which takes a lock on this table
-- before it looks for one.
CREATE TABLE case_links (
    id            uuid PRIMARY KEY,
    from_case_id  uuid NOT NULL REFERENCES cases (id),
    to_case_id    uuid NOT NULL REFERENCES cases (id),
    kind          text NOT NULL CHECK (kind IN ('related', 'duplicate_of', 'caused_by')),
    created_by_id uuid NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL,
    CHECK (from_case_id <> to_case_id)
);
CREATE UNIQUE INDEX case_links_pair_idx ON case_links (LEAST(from_case_id, to_case_id), GREATEST(from_case_id, to_case_id));
CREATE INDEX case_links_from_idx ON case_links (from_case_id, kind);
CREATE INDEX case_links_to_idx ON case_links (to_case_id, kind);
