-- +goose Up
-- Case creations write the search index as they go. With GIN's default
-- fastupdate, new entries collected in a pending list until it passed
-- gin_pending_list_limit (4 MB), and then the creation that crossed it merged
-- the whole list into the index, holding its group of creations and every
-- creation queued behind it: 100–170 ms, where a creation otherwise takes a
-- few milliseconds. Each creation now adds its own entries. Entries already
-- pending are merged now.
ALTER INDEX cases_search_idx SET (fastupdate = off);
SELECT gin_clean_pending_list('cases_search_idx'::regclass);
