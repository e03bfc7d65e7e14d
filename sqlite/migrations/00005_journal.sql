-- A member's journal: dated entries only the member reads. The title and
-- the body are sealed with the member's data key; nothing derived from
-- them (no search index, no tokens) is stored: a search opens the
-- member's entries and looks in memory (see sqlstore/journal.go). The
-- date is the member's local date, written YYYY-MM-DD.

-- +goose Up
CREATE TABLE journal_entries (
	id         INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	on_date    TEXT NOT NULL,
	title      BLOB NOT NULL, -- sealed
	body       BLOB NOT NULL, -- sealed
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX journal_entries_account ON journal_entries (account_id, on_date DESC, id DESC);
