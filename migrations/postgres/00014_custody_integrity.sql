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

-- Each custody event names the seal that the audit event of its transaction
-- holds: how many custody events were written with it and the SHA-256 over
-- their content (docs/audit.md). Rows written before this migration share the
-- nil seal, which Caseward records in the audit trail once, at its next start.
-- The owner switches the UPDATE trigger off for this one statement.
ALTER TABLE custody_events ADD COLUMN seal_id uuid;
ALTER TABLE custody_events DISABLE TRIGGER custody_events_no_update;
UPDATE custody_events SET seal_id = '00000000-0000-0000-0000-000000000000';
ALTER TABLE custody_events ENABLE TRIGGER custody_events_no_update;
