-- A member's recovery: clocks with their setbacks, and daily check-ins.
-- Every private field (a clock's name, a setback's note and plan, a
-- check-in's gratitude, commitment and note) is sealed with the member's
-- data key; dates are the member's local dates.

-- +goose Up
CREATE TABLE clocks (
	id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	account_id      bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	kind            text NOT NULL CHECK (kind IN ('alcohol', 'substance', 'behaviour', 'other')),
	name            bytea NOT NULL, -- sealed
	start_on        date NOT NULL,
	start_time      text NOT NULL DEFAULT '',
	schedule        text NOT NULL,
	money_per_day   bigint NOT NULL DEFAULT 0,
	minutes_per_day integer NOT NULL DEFAULT 0,
	visibility      text NOT NULL CHECK (visibility IN ('me', 'supporters', 'groups')),
	celebrate       boolean NOT NULL DEFAULT false,
	created_at      timestamptz NOT NULL,
	updated_at      timestamptz NOT NULL
);
CREATE INDEX clocks_account ON clocks (account_id, id);

CREATE TABLE setbacks (
	id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	clock_id       bigint NOT NULL REFERENCES clocks (id) ON DELETE CASCADE,
	account_id     bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	on_date        date NOT NULL,
	previous_start date NOT NULL,
	note           bytea NOT NULL, -- sealed
	plan           bytea NOT NULL, -- sealed
	recorded_at    timestamptz NOT NULL
);
CREATE INDEX setbacks_clock ON setbacks (clock_id, on_date);
CREATE INDEX setbacks_account ON setbacks (account_id);

CREATE TABLE check_ins (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	on_date      date NOT NULL,
	mood         smallint NOT NULL CHECK (mood BETWEEN 0 AND 5),
	craving      smallint NOT NULL CHECK (craving BETWEEN -1 AND 10),
	halt         smallint NOT NULL CHECK (halt BETWEEN 0 AND 15),
	sleep_tenths smallint NOT NULL CHECK (sleep_tenths BETWEEN -1 AND 240),
	gratitude    bytea NOT NULL, -- sealed
	commitment   bytea NOT NULL, -- sealed
	note         bytea NOT NULL, -- sealed
	review       text NOT NULL DEFAULT '',
	created_at   timestamptz NOT NULL,
	updated_at   timestamptz NOT NULL,
	UNIQUE (account_id, on_date)
);
