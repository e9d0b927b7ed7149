-- +goose Up
-- Playbooks (issue 21): case templates an administrator defines. Each edit
-- makes a new row in playbook_versions, never changes an old one, so a case
-- keeps pointing at the version it was made from (case_playbooks). A playbook
-- is retired, never deleted. Tasks and milestones are JSON arrays kept in
-- their order: tasks [{title, description, group, due_offset_hours,
-- checklist: [text]}], milestones [{title, due_offset_hours}].
CREATE TABLE playbooks (
    id              uuid PRIMARY KEY,
    -- Set on the playbooks Caseward installs itself: one row per key.
    builtin_key     text,
    name            text NOT NULL,
    current_version integer NOT NULL,
    retired_at      timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE UNIQUE INDEX playbooks_builtin_key_idx ON playbooks (builtin_key);
CREATE INDEX playbooks_name_idx ON playbooks (name, id);

CREATE TABLE playbook_versions (
    playbook_id   uuid NOT NULL REFERENCES playbooks (id),
    version       integer NOT NULL,
    name          text NOT NULL,
    description   text NOT NULL DEFAULT '',
    category      text NOT NULL,
    severity      text NOT NULL,
    tasks         text NOT NULL DEFAULT '[]',
    milestones    text NOT NULL DEFAULT '[]',
    created_by_id uuid REFERENCES users (id),
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (playbook_id, version)
);

-- Which playbook version a case was made from (at most one).
CREATE TABLE case_playbooks (
    case_id          uuid PRIMARY KEY REFERENCES cases (id),
    playbook_id      uuid NOT NULL,
    playbook_version integer NOT NULL,
    FOREIGN KEY (playbook_id, playbook_version) REFERENCES playbook_versions (playbook_id, version)
);
CREATE INDEX case_playbooks_playbook_idx ON case_playbooks (playbook_id, playbook_version);

-- The built-in "Precautionary suspension of a service", present on every
-- installation. The migration runs once per database (replicas take turns
-- under goose's lock), so it exists exactly once.
INSERT INTO playbooks (id, builtin_key, name, current_version, retired_at, created_at, updated_at)
VALUES ('00000000-0000-7000-8000-00000000b001', 'precautionary_suspension', 'Precautionary suspension of a service', 1, NULL,
        '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00');
INSERT INTO playbook_versions (playbook_id, version, name, description, category, severity, tasks, milestones, created_by_id, created_at)
VALUES ('00000000-0000-7000-8000-00000000b001', 1, 'Precautionary suspension of a service',
 'A service was taken offline as a precaution while a suspected breach is investigated. Due offsets count from the moment the organisation became aware of the incident (Aware at).',
 'other', 'high',
 '[{"title":"Inform the data protection officer","description":"Tell the DPO what is known, which service is suspended and who leads the case.","group":"Notification","due_offset_hours":4,"checklist":["Share the case reference and summary","Agree who speaks to the regulator"]},{"title":"Assess the 72-hour regulator notification","description":"Decide whether personal data is involved and whether the regulator must be notified within 72 hours of awareness (UK GDPR / GDPR Art. 33). Record the decision and its rationale on the case.","group":"Notification","due_offset_hours":48,"checklist":["Establish whether personal data is involved","Record the decision and its rationale"]},{"title":"Take forensic images","description":"Image the affected systems before anything is changed, and record each image as evidence with its custody.","group":"Evidence","due_offset_hours":24,"checklist":["Image disks and memory","Record SHA-256 hashes","Log the custody of each image"]},{"title":"Engage the supplier","description":"Contact the supplier of the service, share what is known and agree a fix and a timetable.","group":"Supplier","due_offset_hours":24,"checklist":[]},{"title":"Draft and approve the public statement","description":"Prepare what users of the suspended service are told, and have it approved before it is published.","group":"Communication","due_offset_hours":24,"checklist":["Draft the statement","Approve the statement","Publish it"]},{"title":"Security review","description":"Review the service and the supplier''s fix before the service returns.","group":"Restoration","due_offset_hours":120,"checklist":[]},{"title":"Penetration test","description":"Have the fixed service tested before it is restored.","group":"Restoration","due_offset_hours":168,"checklist":[]},{"title":"Check the restored service","description":"Confirm the restored service works and shows no sign of the incident.","group":"Restoration","due_offset_hours":240,"checklist":["Functional check","Monitoring in place"]}]',
 '[{"title":"Security review","due_offset_hours":72},{"title":"Supplier fix deployed","due_offset_hours":120},{"title":"Penetration test","due_offset_hours":168},{"title":"Service restored","due_offset_hours":240}]',
 NULL, '2026-01-01 00:00:00+00:00');
