-- +goose Up
-- See the PostgreSQL migration.
CREATE TABLE sessions (
    id           TEXT PRIMARY KEY NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NOT NULL,
    ip           TEXT NOT NULL,
    user_agent   TEXT NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id, created_at);

INSERT INTO sessions (id, user_id, created_at, last_used_at, ip, user_agent)
SELECT family_id, user_id, min(created_at), max(coalesce(used_at, created_at)), '', ''
FROM refresh_tokens
GROUP BY family_id, user_id
HAVING sum(CASE WHEN revoked_at IS NULL AND expires_at > CURRENT_TIMESTAMP THEN 1 ELSE 0 END) > 0;
