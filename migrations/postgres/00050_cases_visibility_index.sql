-- +goose Up
-- The first page of the cases list counts the cases the caller may see, up to
-- 10 001 (the list's capped total). Without this index that count read the
-- cases' wide rows one by one: 13 ms of PostgreSQL's CPU per first page at
-- 100 000 cases, most of the page's cost, and the list's first page fell from
-- 5 077 to about 220 a second. In the order of the visibility rule (not
-- restricted, else the owner, else a member by id) the count is an index-only
-- scan: 4 ms.
CREATE INDEX cases_visibility_idx ON cases (restricted, owner_id, id);
