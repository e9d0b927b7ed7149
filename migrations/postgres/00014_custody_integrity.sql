-- +goose Up
-- TRUNCATE fires no row trigger: custody_events refused UPDATE and DELETE but
-- not TRUNCATE, so the chain of custody could be wiped in one statement.
-- Every append-only table now refuses it (audit_events has since 00002).
CREATE TRIGGER custody_events_no_truncate BEFORE TRUNCATE ON custody_events
    FOR EACH STATEMENT EXECUTE FUNCTION custody_events_append_only();

-- A download whose bytes no longer match the item's hash is recorded as an
-- integrity failure in the item's chain of custody.
ALTER TABLE custody_events DROP CONSTRAINT custody_events_action_check;
ALTER TABLE custody_events ADD CONSTRAINT custody_events_action_check
    CHECK (action IN ('collected', 'transferred', 'accessed', 'analysed', 'verified', 'exported', 'returned', 'disposed', 'integrity_failure'));
