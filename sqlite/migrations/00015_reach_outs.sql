-- "I need support now": the plan a member makes beforehand (who receives
-- it, their own words, sealed with their data key; when they pause taking
-- others'), and each reach-out, with a copy of the words sealed with each
-- recipient's data key, and when each saw and answered it.

-- +goose Up
CREATE TABLE reach_out_plans (
	account_id   INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
	partners     INTEGER NOT NULL CHECK (partners IN (0, 1)),
	sponsor      INTEGER NOT NULL CHECK (sponsor IN (0, 1)),
	words        BLOB, -- sealed
	paused_until TEXT
);

CREATE TABLE reach_out_groups (
	account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	group_id   INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
	PRIMARY KEY (account_id, group_id)
);

CREATE TABLE reach_outs (
	id         INTEGER PRIMARY KEY,
	sender_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	words      BLOB, -- sealed with the sender's key
	created_at TEXT NOT NULL
);
CREATE INDEX reach_outs_sender ON reach_outs (sender_id, id);

CREATE TABLE reach_out_recipients (
	reach_out_id INTEGER NOT NULL REFERENCES reach_outs (id) ON DELETE CASCADE,
	account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	words        BLOB, -- sealed with the recipient's key
	seen_at      TEXT,
	answered_at  TEXT,
	PRIMARY KEY (reach_out_id, account_id)
);
CREATE INDEX reach_out_recipients_account ON reach_out_recipients (account_id, reach_out_id);
