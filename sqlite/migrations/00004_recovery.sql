-- A member's recovery: clocks with their setbacks, and daily check-ins.
-- Every private field (a clock's name, a setback's note and plan, a
-- check-in's gratitude, commitment and note) is sealed with the member's
-- data key; dates are the member's local dates, written YYYY-MM-DD.

-- +goose Up
CREATE TABLE clocks (
	id              INTEGER PRIMARY KEY,
	account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	kind            TEXT NOT NULL CHECK (kind IN ('alcohol', 'substance', 'behaviour', 'other')),
	name            BLOB NOT NULL, -- sealed
	start_on        TEXT NOT NULL,
	start_time      TEXT NOT NULL DEFAULT '',
	schedule        TEXT NOT NULL,
	money_per_day   INTEGER NOT NULL DEFAULT 0,
	minutes_per_day INTEGER NOT NULL DEFAULT 0,
	visibility      TEXT NOT NULL CHECK (visibility IN ('me', 'supporters', 'groups')),
	celebrate       INTEGER NOT NULL DEFAULT 0 CHECK (celebrate IN (0, 1)),
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
);
CREATE INDEX clocks_account ON clocks (account_id, id);

CREATE TABLE setbacks (
	id             INTEGER PRIMARY KEY,
	clock_id       INTEGER NOT NULL REFERENCES clocks (id) ON DELETE CASCADE,
	account_id     INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	on_date        TEXT NOT NULL,
	previous_start TEXT NOT NULL,
	note           BLOB NOT NULL, -- sealed
	plan           BLOB NOT NULL, -- sealed
	recorded_at    TEXT NOT NULL
);
CREATE INDEX setbacks_clock ON setbacks (clock_id, on_date);
CREATE INDEX setbacks_account ON setbacks (account_id);

CREATE TABLE check_ins (
	id           INTEGER PRIMARY KEY,
	account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	on_date      TEXT NOT NULL,
	mood         INTEGER NOT NULL CHECK (mood BETWEEN 0 AND 5),
	craving      INTEGER NOT NULL CHECK (craving BETWEEN -1 AND 10),
	halt         INTEGER NOT NULL CHECK (halt BETWEEN 0 AND 15),
	sleep_tenths INTEGER NOT NULL CHECK (sleep_tenths BETWEEN -1 AND 240),
	gratitude    BLOB NOT NULL, -- sealed
	commitment   BLOB NOT NULL, -- sealed
	note         BLOB NOT NULL, -- sealed
	review       TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	UNIQUE (account_id, on_date)
);
