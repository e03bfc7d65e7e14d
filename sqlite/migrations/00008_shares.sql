-- Shares and replies in groups, their edits and reactions; reports,
-- blocks and the moderation log.
--
-- A reply is a share with a parent. author_id is always kept, even for a
-- share posted as "a member of this group" (anonymous): trusted servants
-- may need to know who it was, for safety; the store shows it to no one
-- else.

-- +goose Up
CREATE TABLE shares (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	group_id   INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
	parent_id  INTEGER REFERENCES shares (id) ON DELETE CASCADE,
	author_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	anonymous  INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)),
	kind       TEXT NOT NULL,
	title      TEXT NOT NULL DEFAULT '',
	body       TEXT NOT NULL,
	html       TEXT NOT NULL, -- body rendered and sanitised when written
	warning    TEXT NOT NULL DEFAULT '',
	status     TEXT NOT NULL DEFAULT 'visible' CHECK (status IN ('visible', 'pending', 'hidden', 'removed')),
	reason     TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	edited_at  TEXT
) STRICT;
CREATE INDEX shares_group ON shares (group_id, id) WHERE parent_id IS NULL;
CREATE INDEX shares_parent ON shares (parent_id, id) WHERE parent_id IS NOT NULL;
CREATE INDEX shares_author ON shares (author_id);

CREATE TABLE share_edits (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	share_id  INTEGER NOT NULL REFERENCES shares (id) ON DELETE CASCADE,
	title     TEXT NOT NULL,
	body      TEXT NOT NULL,
	warning   TEXT NOT NULL,
	edited_at TEXT NOT NULL
) STRICT;
CREATE INDEX share_edits_share ON share_edits (share_id, id);

CREATE TABLE reactions (
	share_id   INTEGER NOT NULL REFERENCES shares (id) ON DELETE CASCADE,
	account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	kind       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (share_id, kind, account_id)
) STRICT;
CREATE INDEX reactions_account ON reactions (account_id);

-- Reports of shares, replies, members and (group_id NULL) what belongs
-- to no group, such as strategies.
CREATE TABLE reports (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	target_kind TEXT NOT NULL CHECK (target_kind IN ('share', 'reply', 'member', 'strategy')),
	target_id   INTEGER NOT NULL,
	group_id    INTEGER REFERENCES groups (id) ON DELETE CASCADE,
	reason      TEXT NOT NULL,
	note        TEXT NOT NULL DEFAULT '',
	reporter_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
	status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
	created_at  TEXT NOT NULL,
	resolved_at TEXT
) STRICT;
CREATE INDEX reports_queue ON reports (group_id, status);
CREATE INDEX reports_target ON reports (target_kind, target_id);
CREATE INDEX reports_reporter ON reports (reporter_id);

CREATE TABLE blocks (
	blocker    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	blocked    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	created_at TEXT NOT NULL,
	PRIMARY KEY (blocker, blocked)
) STRICT;
CREATE INDEX blocks_blocked ON blocks (blocked, blocker);

-- Every moderation action; group_id NULL for the site's own.
CREATE TABLE moderation_log (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	group_id    INTEGER REFERENCES groups (id) ON DELETE CASCADE,
	actor_id    INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
	action      TEXT NOT NULL,
	target_kind TEXT NOT NULL,
	target_id   INTEGER NOT NULL,
	reason      TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX moderation_log_group ON moderation_log (group_id, id);

-- Group settings and suspensions for moderation.
ALTER TABLE groups ADD COLUMN premoderate INTEGER NOT NULL DEFAULT 0 CHECK (premoderate IN (0, 1));
ALTER TABLE group_members ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1));
