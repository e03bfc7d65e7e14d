-- Accounts, their data keys, recovery codes, sessions, access tokens, and
-- groups with their languages, tags and members.
--
-- Migrations only go forward: there are no Down sections. To go back,
-- restore a backup.

-- +goose Up
CREATE TABLE accounts (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	handle        text NOT NULL UNIQUE,
	display_name  text NOT NULL,
	pronouns      text NOT NULL DEFAULT '',
	language      text NOT NULL,
	time_zone     text NOT NULL,
	country       text NOT NULL DEFAULT '',
	email         bytea NOT NULL, -- sealed with the account's data key
	role          text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'admin')),
	password_hash text NOT NULL,
	created_at    timestamptz NOT NULL,
	updated_at    timestamptz NOT NULL
);

-- One data key per account, wrapped by the server key. Deleting the row
-- makes everything sealed with the key unreadable.
CREATE TABLE data_keys (
	account_id bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
	wrapped    bytea NOT NULL
);

CREATE TABLE recovery_codes (
	account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	code_hash  bytea NOT NULL,
	used_at    timestamptz,
	PRIMARY KEY (account_id, code_hash)
);

CREATE TABLE sessions (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	token_hash   bytea NOT NULL UNIQUE,
	device       text NOT NULL DEFAULT '',
	created_at   timestamptz NOT NULL,
	last_seen_at timestamptz NOT NULL,
	expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);

CREATE TABLE access_tokens (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	token_hash   bytea NOT NULL UNIQUE,
	name         text NOT NULL,
	created_at   timestamptz NOT NULL,
	last_used_on date -- day-granular on purpose
);
CREATE INDEX access_tokens_account ON access_tokens (account_id);

CREATE TABLE groups (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	slug        text NOT NULL UNIQUE,
	name        text NOT NULL,
	description text NOT NULL DEFAULT '',
	program     text NOT NULL,
	time_zone   text NOT NULL,
	visibility  text NOT NULL CHECK (visibility IN ('listed', 'unlisted')),
	join_policy text NOT NULL CHECK (join_policy IN ('open', 'approval')),
	created_at  timestamptz NOT NULL,
	updated_at  timestamptz NOT NULL
);
CREATE INDEX groups_listing ON groups (visibility, program, lower(name));

CREATE TABLE group_languages (
	group_id bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
	language text NOT NULL,
	position integer NOT NULL,
	PRIMARY KEY (group_id, language)
);
CREATE INDEX group_languages_language ON group_languages (language, group_id);

CREATE TABLE group_tags (
	group_id bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
	tag      text NOT NULL,
	position integer NOT NULL,
	PRIMARY KEY (group_id, tag)
);
CREATE INDEX group_tags_tag ON group_tags (tag, group_id);

CREATE TABLE group_members (
	group_id   bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
	account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	role       text NOT NULL CHECK (role IN ('member', 'servant', 'owner')),
	joined_at  timestamptz NOT NULL,
	PRIMARY KEY (group_id, account_id)
);
CREATE INDEX group_members_account ON group_members (account_id);
