-- +goose Up
-- The time zone a user reads times in: an IANA name such as Europe/Warsaw,
-- checked by the server against its zone database; NULL follows the browser's.
ALTER TABLE users ADD COLUMN time_zone text;
