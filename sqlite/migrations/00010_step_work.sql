-- Step work: the programs a member works, where they are with each step,
-- their worksheet entries, and what they share of it with whom. Every
-- field a member writes (a step's status and note, an entry's fields, a
-- comment) is sealed with the member's data key, one sealed record per
-- row (see sqlstore/stepwork.go). What stays readable is the shape: the
-- program and worksheet ids, rows' order, dated entries' days, versions
-- and times, and who shares with whom.

-- +goose Up
CREATE TABLE step_programs (
	account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	program    TEXT NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (account_id, program)
);

CREATE TABLE step_progress (
	id         INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	program    TEXT NOT NULL,
	step       TEXT NOT NULL,
	data       BLOB NOT NULL, -- sealed: status and note
	version    INTEGER NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (account_id, program, step)
);

CREATE TABLE step_entries (
	id         INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	program    TEXT NOT NULL,
	worksheet  TEXT NOT NULL,
	position   INTEGER NOT NULL,
	on_date    TEXT, -- dated entries only
	fields     BLOB NOT NULL, -- sealed
	version    INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX step_entries_sheet ON step_entries (account_id, program, worksheet, position);
CREATE INDEX step_entries_dated ON step_entries (account_id, program, worksheet, on_date DESC, id DESC);

CREATE TABLE step_shares (
	id           INTEGER PRIMARY KEY,
	owner_id     INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	recipient_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	kind         TEXT NOT NULL CHECK (kind IN ('entry', 'worksheet', 'progress')),
	entry_id     INTEGER REFERENCES step_entries (id) ON DELETE CASCADE,
	program      TEXT NOT NULL,
	worksheet    TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL
);
CREATE INDEX step_shares_owner ON step_shares (owner_id);
CREATE INDEX step_shares_recipient ON step_shares (recipient_id);

CREATE TABLE step_comments (
	id         INTEGER PRIMARY KEY,
	share_id   INTEGER NOT NULL REFERENCES step_shares (id) ON DELETE CASCADE,
	owner_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	author_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	body       BLOB NOT NULL, -- sealed with the owner's key
	created_at TEXT NOT NULL
);
CREATE INDEX step_comments_share ON step_comments (share_id, id);

-- Looks at a shared item by anyone but its owner; kept after a revoke.
CREATE TABLE step_views (
	id        INTEGER PRIMARY KEY,
	owner_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	viewer_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	share_id  INTEGER NOT NULL,
	kind      TEXT NOT NULL,
	program   TEXT NOT NULL,
	worksheet TEXT NOT NULL,
	viewed_at TEXT NOT NULL
);
CREATE INDEX step_views_owner ON step_views (owner_id, viewed_at DESC);
