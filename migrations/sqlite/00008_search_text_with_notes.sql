-- +goose Up
-- A case's search text now carries its notes (see the PostgreSQL migration).
UPDATE cases SET search_text = reference || char(10) || title || char(10) || summary
    || coalesce((SELECT group_concat(char(10) || body, '') FROM (SELECT body FROM notes n WHERE n.case_id = cases.id ORDER BY n.id)), '');
