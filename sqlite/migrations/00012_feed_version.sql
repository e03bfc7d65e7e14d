-- The feed's version: a number that changes whenever anything the Meeting
-- Guide feed carries may have changed (a meeting, or a group's name,
-- description, slug or visibility), so that a server can keep the feed it
-- wrote and write it again only when it is stale. Triggers keep it, so
-- every writer (the web, the importer, hearth admin, another node) counts.
--
-- A new meeting needs no trigger: its id is above every id before it, so
-- the largest id moves (the store reads the two together). SQLite runs
-- triggers once per row, and one on insert would cost an import of 120,000
-- meetings seconds.

-- +goose Up
CREATE TABLE feed_version (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL
);
INSERT INTO feed_version (id, version) VALUES (1, 1);

-- +goose StatementBegin
CREATE TRIGGER meetings_feed_update AFTER UPDATE ON meetings
BEGIN
	UPDATE feed_version SET version = version + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER meetings_feed_delete AFTER DELETE ON meetings
BEGIN
	UPDATE feed_version SET version = version + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER groups_feed_update AFTER UPDATE OF slug, name, description, visibility ON groups
BEGIN
	UPDATE feed_version SET version = version + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER groups_feed_delete AFTER DELETE ON groups
BEGIN
	UPDATE feed_version SET version = version + 1 WHERE id = 1;
END;
-- +goose StatementEnd
