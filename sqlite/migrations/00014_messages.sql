-- Private conversations between two members. The conversation's own key
-- is kept only sealed with each member's data key (a_key, b_key); each
-- message body is sealed with the conversation's key. A member who erases
-- their copy (or their account) loses their sealed key: the other keeps
-- theirs, and when neither has one left the conversation goes. The pair is
-- kept once, a the lower account id, b the higher.

-- +goose Up
CREATE TABLE conversations (
	id              INTEGER PRIMARY KEY,
	pair_low        INTEGER NOT NULL,
	pair_high       INTEGER NOT NULL,
	a_id            INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
	b_id            INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
	a_key           BLOB, -- sealed
	b_key           BLOB, -- sealed
	a_read_id       INTEGER NOT NULL DEFAULT 0,
	b_read_id       INTEGER NOT NULL DEFAULT 0,
	a_read_at       TEXT,
	b_read_at       TEXT,
	last_message_at TEXT,
	created_at      TEXT NOT NULL,
	CHECK (pair_low < pair_high),
	UNIQUE (pair_low, pair_high)
);
CREATE INDEX conversations_a ON conversations (a_id);
CREATE INDEX conversations_b ON conversations (b_id);

CREATE TABLE messages (
	id              INTEGER PRIMARY KEY,
	conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
	sender_id       INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
	body            BLOB NOT NULL, -- sealed
	created_at      TEXT NOT NULL
);
CREATE INDEX messages_conversation ON messages (conversation_id, id);
CREATE INDEX messages_sender ON messages (sender_id, id);

CREATE TABLE message_prefs (
	account_id    INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
	messages_from TEXT NOT NULL CHECK (messages_from IN ('groups', 'connections')),
	receipts      INTEGER NOT NULL CHECK (receipts IN (0, 1))
);
