-- In-app notifications: what happened and where, never the content. A
-- member's choices per kind are kept only when they differ from the
-- default (every kind on).

-- +goose Up
CREATE TABLE notifications (
	id         INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	kind       TEXT NOT NULL,
	group_id   INTEGER,
	subject_id INTEGER,
	created_at TEXT NOT NULL,
	read_at    TEXT
);
CREATE INDEX notifications_account ON notifications (account_id, id);
CREATE INDEX notifications_unread ON notifications (account_id) WHERE read_at IS NULL;

CREATE TABLE notification_prefs (
	account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	kind       TEXT NOT NULL,
	enabled    INTEGER NOT NULL CHECK (enabled IN (0, 1)),
	PRIMARY KEY (account_id, kind)
);
