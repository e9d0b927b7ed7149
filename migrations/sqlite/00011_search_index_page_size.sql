-- +goose Up
-- Larger FTS5 index pages. Every note rewrites its case's search text, so the
-- index is written a little at every statement and FTS5 keeps merging the
-- pieces, deleting the merged pages one b-tree row each. With the default
-- 4 KB pages, adding notes slowed as the index grew (a seed of 15 000 cases
-- averaged 62 cases/s, against 160 at the start); with 64 KB pages it
-- averaged 153, and searches took as long. Pages written from now on take the
-- new size, older ones as they are merged.
INSERT INTO cases_search (cases_search, rank) VALUES ('pgsz', 64000);
