-- +goose Up
-- Notification regimes (issue 21): each a set of phases with a deadline rule.
-- The phases of a regime never change once it exists (a different rule is a
-- new regime), so obligations refer to them by (regime_id, position).
CREATE TABLE regimes (
    id          uuid PRIMARY KEY,
    name        text NOT NULL,
    description text NOT NULL DEFAULT '',
    retired_at  timestamptz,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    version     bigint NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX regimes_name_key ON regimes (lower(name));

-- rule: from_awareness (offset after the case's aware_at), after_phase (offset
-- after the submission of phase after_position) or none (no fixed deadline).
-- The offset is offset_hours or offset_months (calendar months), never both.
CREATE TABLE regime_phases (
    regime_id      uuid NOT NULL REFERENCES regimes (id),
    position       integer NOT NULL,
    name           text NOT NULL,
    audience       text NOT NULL,
    rule           text NOT NULL CHECK (rule IN ('from_awareness', 'after_phase', 'none')),
    offset_hours   integer,
    offset_months  integer,
    after_position integer,
    guidance       text NOT NULL DEFAULT '',
    PRIMARY KEY (regime_id, position)
);

-- A regime that applies to a case. GDPR Art. 33 is never stored here: it is
-- the case's own regulator_* fields.
CREATE TABLE case_obligations (
    id            uuid PRIMARY KEY,
    case_id       uuid NOT NULL REFERENCES cases (id),
    regime_id     uuid NOT NULL REFERENCES regimes (id),
    created_by_id uuid NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX case_obligations_case_regime_key ON case_obligations (case_id, regime_id);

-- Each phase of an obligation: what was done about it. Its due time is
-- derived (from the case's awareness or the submission it follows).
CREATE TABLE obligation_phases (
    id                 uuid PRIMARY KEY,
    obligation_id      uuid NOT NULL REFERENCES case_obligations (id),
    case_id            uuid NOT NULL REFERENCES cases (id),
    regime_id          uuid NOT NULL,
    position           integer NOT NULL,
    submitted_at       timestamptz,
    reference          text NOT NULL DEFAULT '',
    decision_rationale text NOT NULL DEFAULT '',
    delay_reason       text NOT NULL DEFAULT '',
    version            bigint NOT NULL DEFAULT 1,
    updated_at         timestamptz NOT NULL,
    FOREIGN KEY (regime_id, position) REFERENCES regime_phases (regime_id, position)
);
CREATE UNIQUE INDEX obligation_phases_case_key ON obligation_phases (case_id, obligation_id, position);

-- The nearest running clock of the case across all its obligations (GDPR
-- Art. 33 included), kept in the transaction of every change to them, so the
-- list sorts and filters on it without reading obligations per row.
ALTER TABLE cases ADD COLUMN next_clock_due_at timestamptz;
ALTER TABLE cases ADD COLUMN next_clock_label text NOT NULL DEFAULT '';
UPDATE cases SET next_clock_due_at = regulator_due_at, next_clock_label = 'GDPR Art. 33 · Notify the supervisory authority'
    WHERE regulator_notified_at IS NULL AND regulator_due_at IS NOT NULL AND regulator_decision_rationale = '';
CREATE INDEX cases_next_clock_idx ON cases (next_clock_due_at, id) WHERE next_clock_due_at IS NOT NULL;
-- The deadline sort now walks cases_next_clock_idx.
DROP INDEX cases_regulator_due_idx;

INSERT INTO regimes (id, name, description, created_at, updated_at) VALUES
 ('01900000-0000-7000-8000-000000000033', 'GDPR Art. 33', 'UK GDPR / GDPR Art. 33: notify the supervisory authority of a personal data breach within 72 hours of becoming aware of it. Recorded on the case''s regulator fields; it applies whenever personal data is involved.', '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00'),
 ('01900000-0000-7000-8000-000000000034', 'GDPR Art. 34', 'UK GDPR / GDPR Art. 34: tell the data subjects without undue delay when the breach is likely to result in a high risk to them. No fixed number of hours.', '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00'),
 ('01900000-0000-7000-8000-000000000023', 'NIS2 Art. 23', 'NIS2 Directive Art. 23: significant incidents are reported to the CSIRT or competent authority in three steps.', '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00'),
 ('01900000-0000-7000-8000-000000000024', 'PECR', 'Privacy and Electronic Communications Regulations: a service provider notifies the ICO of a personal data breach within 24 hours of detection.', '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00');
INSERT INTO regime_phases (regime_id, position, name, audience, rule, offset_hours, offset_months, after_position, guidance) VALUES
 ('01900000-0000-7000-8000-000000000033', 1, 'Notify the supervisory authority', 'regulator', 'from_awareness', 72, NULL, NULL, 'Art. 33(1); a decision not to notify is recorded with its rationale (Art. 33(5)).'),
 ('01900000-0000-7000-8000-000000000034', 1, 'Communicate to the data subjects', 'data_subjects', 'none', NULL, NULL, NULL, 'Without undue delay when the risk to them is high: no fixed number of hours.'),
 ('01900000-0000-7000-8000-000000000023', 1, 'Early warning', 'csirt', 'from_awareness', 24, NULL, NULL, 'Art. 23(4)(a): within 24 hours of becoming aware of the significant incident.'),
 ('01900000-0000-7000-8000-000000000023', 2, 'Incident notification', 'csirt', 'from_awareness', 72, NULL, NULL, 'Art. 23(4)(b): within 72 hours of becoming aware.'),
 ('01900000-0000-7000-8000-000000000023', 3, 'Final report', 'csirt', 'after_phase', NULL, 1, 2, 'Art. 23(4)(d): no later than one month after the incident notification.'),
 ('01900000-0000-7000-8000-000000000024', 1, 'Notify the ICO', 'regulator', 'from_awareness', 24, NULL, NULL, 'PECR reg. 5A: within 24 hours of detecting the breach.');
