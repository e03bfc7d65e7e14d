-- Shares and replies in groups, their edits and reactions; reports,
-- blocks and the moderation log.
--
-- A reply is a share with a parent. author_id is always kept, even for a
-- share posted as "a member of this group" (anonymous): trusted servants
-- may need to know who it was, for safety; the store shows it to no one
-- else.

-- +goose Up
CREATE TABLE shares (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	group_id   bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
	parent_id  bigint REFERENCES shares (id) ON DELETE CASCADE,
	author_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	anonymous  boolean NOT NULL DEFAULT FALSE,
	kind       text NOT NULL,
	title      text NOT NULL DEFAULT '',
	body       text NOT NULL,
	html       text NOT NULL, -- body rendered and sanitised when written
	warning    text NOT NULL DEFAULT '',
	status     text NOT NULL DEFAULT 'visible' CHECK (status IN ('visible', 'pending', 'hidden', 'removed')),
	reason     text NOT NULL DEFAULT '',
	created_at timestamptz NOT NULL,
	edited_at  timestamptz
);
CREATE INDEX shares_group ON shares (group_id, id) WHERE parent_id IS NULL;
CREATE INDEX shares_parent ON shares (parent_id, id) WHERE parent_id IS NOT NULL;
CREATE INDEX shares_author ON shares (author_id);

CREATE TABLE share_edits (
	id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	share_id  bigint NOT NULL REFERENCES shares (id) ON DELETE CASCADE,
	title     text NOT NULL,
	body      text NOT NULL,
	warning   text NOT NULL,
	edited_at timestamptz NOT NULL
);
CREATE INDEX share_edits_share ON share_edits (share_id, id);

CREATE TABLE reactions (
	share_id   bigint NOT NULL REFERENCES shares (id) ON DELETE CASCADE,
	account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	kind       text NOT NULL,
	created_at timestamptz NOT NULL,
	PRIMARY KEY (share_id, kind, account_id)
);
CREATE INDEX reactions_account ON reactions (account_id);

-- Reports of shares, replies, members and (group_id NULL) what belongs
-- to no group, such as strategies.
CREATE TABLE reports (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	target_kind text NOT NULL CHECK (target_kind IN ('share', 'reply', 'member', 'strategy')),
	target_id   bigint NOT NULL,
	group_id    bigint REFERENCES groups (id) ON DELETE CASCADE,
	reason      text NOT NULL,
	note        text NOT NULL DEFAULT '',
	reporter_id bigint REFERENCES accounts (id) ON DELETE SET NULL,
	status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
	created_at  timestamptz NOT NULL,
	resolved_at timestamptz
);
CREATE INDEX reports_queue ON reports (group_id, status);
CREATE INDEX reports_target ON reports (target_kind, target_id);
CREATE INDEX reports_reporter ON reports (reporter_id);

CREATE TABLE blocks (
	blocker    bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	blocked    bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	created_at timestamptz NOT NULL,
	PRIMARY KEY (blocker, blocked)
);
CREATE INDEX blocks_blocked ON blocks (blocked, blocker);

-- Every moderation action; group_id NULL for the site's own.
CREATE TABLE moderation_log (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	group_id    bigint REFERENCES groups (id) ON DELETE CASCADE,
	actor_id    bigint REFERENCES accounts (id) ON DELETE SET NULL,
	action      text NOT NULL,
	target_kind text NOT NULL,
	target_id   bigint NOT NULL,
	reason      text NOT NULL DEFAULT '',
	created_at  timestamptz NOT NULL
);
CREATE INDEX moderation_log_group ON moderation_log (group_id, id);

-- Group settings and suspensions for moderation.
ALTER TABLE groups ADD COLUMN premoderate boolean NOT NULL DEFAULT FALSE;
ALTER TABLE group_members ADD COLUMN suspended boolean NOT NULL DEFAULT FALSE;
