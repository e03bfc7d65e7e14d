-- Accounts, their data keys, recovery codes, sessions, access tokens, and
-- groups with their languages, tags and members.
--
-- Migrations only go forward: there are no Down sections. To go back,
-- restore a backup.
--
-- Times are TEXT in UTC, "2006-01-02T15:04:05.000000Z" (fixed width, so
-- their byte order is time order); days are TEXT "2006-01-02". Row ids use
-- AUTOINCREMENT so that an erased account's id is never given to anyone
-- else.

-- +goose Up
CREATE TABLE accounts (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	handle        TEXT NOT NULL UNIQUE,
	display_name  TEXT NOT NULL,
	pronouns      TEXT NOT NULL DEFAULT '',
	language      TEXT NOT NULL,
	time_zone     TEXT NOT NULL,
	country       TEXT NOT NULL DEFAULT '',
	email         BLOB NOT NULL, -- sealed with the account's data key
	role          TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'admin')),
	password_hash TEXT NOT NULL,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL
) STRICT;

-- One data key per account, wrapped by the server key. Deleting the row
-- makes everything sealed with the key unreadable.
CREATE TABLE data_keys (
	account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
	wrapped    BLOB NOT NULL
) STRICT;

CREATE TABLE recovery_codes (
	account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	code_hash  BLOB NOT NULL,
	used_at    TEXT,
	PRIMARY KEY (account_id, code_hash)
) STRICT;

CREATE TABLE sessions (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	token_hash   BLOB NOT NULL UNIQUE,
	device       TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL,
	last_seen_at TEXT NOT NULL,
	expires_at   TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);

CREATE TABLE access_tokens (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	token_hash   BLOB NOT NULL UNIQUE,
	name         TEXT NOT NULL,
	created_at   TEXT NOT NULL,
	last_used_on TEXT -- day-granular on purpose
) STRICT;
CREATE INDEX access_tokens_account ON access_tokens (account_id);

CREATE TABLE groups (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	slug        TEXT NOT NULL UNIQUE,
	name        TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	program     TEXT NOT NULL,
	time_zone   TEXT NOT NULL,
	visibility  TEXT NOT NULL CHECK (visibility IN ('listed', 'unlisted')),
	join_policy TEXT NOT NULL CHECK (join_policy IN ('open', 'approval')),
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX groups_listing ON groups (visibility, program, lower(name));

CREATE TABLE group_languages (
	group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
	language TEXT NOT NULL,
	position INTEGER NOT NULL,
	PRIMARY KEY (group_id, language)
) STRICT;
CREATE INDEX group_languages_language ON group_languages (language, group_id);

CREATE TABLE group_tags (
	group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
	tag      TEXT NOT NULL,
	position INTEGER NOT NULL,
	PRIMARY KEY (group_id, tag)
) STRICT;
CREATE INDEX group_tags_tag ON group_tags (tag, group_id);

CREATE TABLE group_members (
	group_id   INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
	account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	role       TEXT NOT NULL CHECK (role IN ('member', 'servant', 'owner')),
	joined_at  TEXT NOT NULL,
	PRIMARY KEY (group_id, account_id)
) STRICT;
CREATE INDEX group_members_account ON group_members (account_id);
