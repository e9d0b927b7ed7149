-- +goose Up
CREATE TABLE suspensions (
    id                      uuid PRIMARY KEY,
    case_id                 uuid NOT NULL REFERENCES cases (id),
    service_id              uuid NOT NULL REFERENCES services (id),
    reason                  text NOT NULL,
    decided_by              text NOT NULL,
    recorded_by_id          uuid NOT NULL REFERENCES users (id),
    suspended_at            timestamptz NOT NULL,
    expected_restoration_at timestamptz,
    restored_at             timestamptz,
    affected_users_estimate bigint,
    impact                  text NOT NULL DEFAULT '',
    workaround              text NOT NULL DEFAULT '',
    status                  text NOT NULL CHECK (status IN ('active', 'restored', 'cancelled')),
    version                 bigint NOT NULL DEFAULT 1,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL
);
-- One service cannot have two active suspensions at once.
CREATE UNIQUE INDEX suspensions_active_service_key ON suspensions (service_id) WHERE status = 'active';
CREATE INDEX suspensions_case_idx ON suspensions (case_id, suspended_at);
CREATE INDEX suspensions_status_idx ON suspensions (status, restored_at);

CREATE TABLE milestones (
    id            uuid PRIMARY KEY,
    suspension_id uuid NOT NULL REFERENCES suspensions (id),
    title         text NOT NULL,
    owner_id      uuid REFERENCES users (id),
    due_at        timestamptz,
    completed_at  timestamptz,
    status        text NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'blocked')),
    position      integer NOT NULL,
    version       bigint NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX milestones_suspension_idx ON milestones (suspension_id, position);
