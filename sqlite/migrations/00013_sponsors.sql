-- Sponsorship: a member's offer to sponsor (a profile), one row per program
-- offered with what matching filters on (sponsor_offers, kept in step with
-- the profile by the store), sponsorships from request to end, and the
-- check-ins that happened. Lists of languages, ways, welcomes and
-- substances are bit sets in the order the hearth package lists them.
-- A sponsorship outlives an erased member: their side becomes NULL
-- ("former member") and what they wrote, sealed with their key, can no
-- longer be opened.

-- +goose Up
CREATE TABLE sponsor_profiles (
	account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
	clock_id   INTEGER REFERENCES clocks (id) ON DELETE SET NULL,
	programs   TEXT NOT NULL,    -- space-separated program codes
	languages  INTEGER NOT NULL,
	time_zone  TEXT NOT NULL,
	ways       INTEGER NOT NULL,
	welcomes   INTEGER NOT NULL DEFAULT 0,
	substances INTEGER NOT NULL DEFAULT 0,
	gender     TEXT NOT NULL DEFAULT '',
	capacity   INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10),
	taken      INTEGER NOT NULL DEFAULT 0,
	paused     INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
	about      TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX sponsor_profiles_clock ON sponsor_profiles (clock_id);

-- One row per program a sponsor offers, with what matching needs; space
-- is the places left, 0 while paused or full (never shown).
CREATE TABLE sponsor_offers (
	program    TEXT NOT NULL,
	account_id INTEGER NOT NULL REFERENCES sponsor_profiles (account_id) ON DELETE CASCADE,
	clock_id   INTEGER NOT NULL REFERENCES clocks (id) ON DELETE CASCADE,
	since      TEXT NOT NULL,    -- the count's start, kept by a trigger
	since_day  INTEGER NOT NULL, -- the same, in days since 1970-01-01 (for ranking)
	utc_offset INTEGER NOT NULL, -- minutes east of UTC when last saved
	languages  INTEGER NOT NULL,
	ways       INTEGER NOT NULL,
	welcomes   INTEGER NOT NULL,
	substances INTEGER NOT NULL,
	gender     TEXT NOT NULL,
	space      INTEGER NOT NULL,
	PRIMARY KEY (program, account_id)
);
-- Matching reads a program's open offers from this index alone.
CREATE INDEX sponsor_offers_match ON sponsor_offers (program, utc_offset, since_day, languages, ways, welcomes,
	substances, gender, account_id, since, space) WHERE space > 0;

-- A count that restarts (a setback, an edit) moves its offers' start.
-- +goose StatementBegin
CREATE TRIGGER clocks_sponsor_since AFTER UPDATE OF start_on ON clocks
BEGIN
	UPDATE sponsor_offers SET since = NEW.start_on, since_day = CAST(julianday(NEW.start_on) - 2440587.5 AS INTEGER)
	WHERE clock_id = NEW.id;
END;
-- +goose StatementEnd
CREATE INDEX sponsor_offers_account ON sponsor_offers (account_id);

CREATE TABLE sponsorships (
	id             INTEGER PRIMARY KEY,
	sponsor_id     INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
	sponsee_id     INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
	program        TEXT NOT NULL,
	status         TEXT NOT NULL CHECK (status IN ('requested', 'active', 'declined', 'withdrawn', 'ended')),
	message        BLOB NOT NULL, -- sealed with the sponsee's key
	decline_reason TEXT NOT NULL DEFAULT '',
	cadence_days   INTEGER NOT NULL DEFAULT 0,
	cadence_way    TEXT NOT NULL DEFAULT '',
	thanks         BLOB NOT NULL, -- sealed with ended_by's key
	ended_by       INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
	next_due       TEXT,          -- the day the next agreed check-in is due
	due_told       TEXT,          -- the due day both were last told of
	created_at     TEXT NOT NULL,
	answered_at    TEXT,
	ended_at       TEXT
);
CREATE INDEX sponsorships_sponsor ON sponsorships (sponsor_id, status);
CREATE INDEX sponsorships_sponsee ON sponsorships (sponsee_id, status);
CREATE INDEX sponsorships_due ON sponsorships (status, next_due);
-- At most one sponsor per program, and one open request or sponsorship
-- between the same two members.
CREATE UNIQUE INDEX sponsorships_one_per_program ON sponsorships (sponsee_id, program) WHERE status = 'active';
CREATE UNIQUE INDEX sponsorships_one_open ON sponsorships (sponsor_id, sponsee_id) WHERE status IN ('requested', 'active');

CREATE TABLE sponsor_check_ins (
	id             INTEGER PRIMARY KEY,
	sponsorship_id INTEGER NOT NULL REFERENCES sponsorships (id) ON DELETE CASCADE,
	on_date        TEXT NOT NULL,
	way            TEXT NOT NULL,
	logged_by      INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
	created_at     TEXT NOT NULL,
	UNIQUE (sponsorship_id, on_date)
);
