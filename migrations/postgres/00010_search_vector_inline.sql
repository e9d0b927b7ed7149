-- +goose Up
-- Keep a case's search vector in the row and its raw text out of it. With the
-- default storage, rows past 2 KB moved the vector to the TOAST table, so a
-- search walking the newest cases fetched every candidate's vector from there:
-- 2–6 ms a page at 100 000 cases instead of 1–2 ms. The raw text is only read
-- to compute the vector. Rows written from now on are stored so; VACUUM FULL
-- cases rewrites the older ones (docs/performance.md).
ALTER TABLE cases ALTER COLUMN search_text SET STORAGE EXTERNAL;
ALTER TABLE cases ALTER COLUMN search_vector SET STORAGE MAIN;
