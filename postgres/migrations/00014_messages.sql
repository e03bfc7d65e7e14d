-- Private conversations between two members. The conversation's own key
-- is kept only sealed with each member's data key (a_key, b_key); each
-- message body is sealed with the conversation's key. A member who erases
-- their copy (or their account) loses their sealed key: the other keeps
-- theirs, and when neither has one left the conversation goes. The pair is
-- kept once, a the lower account id, b the higher.

-- +goose Up
CREATE TABLE conversations (
	id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	pair_low        bigint NOT NULL,
	pair_high       bigint NOT NULL,
	a_id            bigint REFERENCES accounts (id) ON DELETE SET NULL,
	b_id            bigint REFERENCES accounts (id) ON DELETE SET NULL,
	a_key           bytea, -- sealed
	b_key           bytea, -- sealed
	a_read_id       bigint NOT NULL DEFAULT 0,
	b_read_id       bigint NOT NULL DEFAULT 0,
	a_read_at       timestamptz,
	b_read_at       timestamptz,
	last_message_at timestamptz,
	created_at      timestamptz NOT NULL,
	CHECK (pair_low < pair_high),
	UNIQUE (pair_low, pair_high)
);
CREATE INDEX conversations_a ON conversations (a_id);
CREATE INDEX conversations_b ON conversations (b_id);

CREATE TABLE messages (
	id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
	sender_id       bigint REFERENCES accounts (id) ON DELETE SET NULL,
	body            bytea NOT NULL, -- sealed
	created_at      timestamptz NOT NULL
);
CREATE INDEX messages_conversation ON messages (conversation_id, id);
CREATE INDEX messages_sender ON messages (sender_id, id);

CREATE TABLE message_prefs (
	account_id    bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
	messages_from text NOT NULL CHECK (messages_from IN ('groups', 'connections')),
	receipts      boolean NOT NULL
);
