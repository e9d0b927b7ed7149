-- +goose Up
-- Sign-in sessions people can see and end (issue 24). A session is a
-- refresh-token family: id is its family_id, and it is live while one of its
-- refresh tokens is neither revoked nor expired (refresh_tokens says so; this
-- table keeps what a person recognises a session by).
CREATE TABLE sessions (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz NOT NULL,
    ip           text NOT NULL,
    user_agent   text NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id, created_at);

-- The sign-ins live now, from before sessions were recorded: no address or device known.
INSERT INTO sessions (id, user_id, created_at, last_used_at, ip, user_agent)
SELECT family_id, user_id, min(created_at), max(coalesce(used_at, created_at)), '', ''
FROM refresh_tokens
GROUP BY family_id, user_id
HAVING count(*) FILTER (WHERE revoked_at IS NULL AND expires_at > now()) > 0;
