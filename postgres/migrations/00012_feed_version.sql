-- The feed's version: a number that changes whenever anything the Meeting
-- Guide feed carries may have changed (a meeting, or a group's name,
-- description, slug or visibility), so that a server can keep the feed it
-- wrote and write it again only when it is stale. Triggers keep it, once
-- per statement, so every writer (the web, the importer, hearth admin,
-- another node) counts.

-- +goose Up
CREATE TABLE feed_version (
	id      smallint PRIMARY KEY CHECK (id = 1),
	version bigint NOT NULL
);
INSERT INTO feed_version (id, version) VALUES (1, 1);

-- +goose StatementBegin
CREATE FUNCTION feed_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE feed_version SET version = version + 1 WHERE id = 1;
	RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER meetings_feed AFTER INSERT OR UPDATE OR DELETE ON meetings
	FOR EACH STATEMENT EXECUTE FUNCTION feed_version_bump();
CREATE TRIGGER groups_feed_update AFTER UPDATE OF slug, name, description, visibility ON groups
	FOR EACH STATEMENT EXECUTE FUNCTION feed_version_bump();
CREATE TRIGGER groups_feed_delete AFTER DELETE ON groups
	FOR EACH STATEMENT EXECUTE FUNCTION feed_version_bump();
