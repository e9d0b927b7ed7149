-- +goose Up
-- Migration 00047 took the search index of cases off its pending list, so
-- that no creation merged 4 MB of other creations' entries (100–170 ms). Each
-- creation then wrote its entries into the index itself, and at 32 concurrent
-- creations that cost throughput (on one machine, side by side, two rounds:
-- 1 086 and 1 318 a second against 1 346 and 1 550 with a small list, p99
-- 54 and 46 ms against 49 and 42). A list of 256 kB keeps most of the
-- batching and makes each merge a sixteenth of what it was.
ALTER INDEX cases_search_idx SET (fastupdate = on, gin_pending_list_limit = 256);
