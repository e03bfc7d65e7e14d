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
	account_id bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
	clock_id   bigint REFERENCES clocks (id) ON DELETE SET NULL,
	programs   text NOT NULL,    -- space-separated program codes
	languages  bigint NOT NULL,
	time_zone  text NOT NULL,
	ways       integer NOT NULL,
	welcomes   integer NOT NULL DEFAULT 0,
	substances integer NOT NULL DEFAULT 0,
	gender     text NOT NULL DEFAULT '',
	capacity   integer NOT NULL CHECK (capacity BETWEEN 1 AND 10),
	taken      integer NOT NULL DEFAULT 0,
	paused     boolean NOT NULL DEFAULT false,
	about      text NOT NULL DEFAULT '',
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);
CREATE INDEX sponsor_profiles_clock ON sponsor_profiles (clock_id);

-- One row per program a sponsor offers, with what matching needs; space
-- is the places left, 0 while paused or full (never shown).
CREATE TABLE sponsor_offers (
	program    text NOT NULL,
	account_id bigint NOT NULL REFERENCES sponsor_profiles (account_id) ON DELETE CASCADE,
	clock_id   bigint NOT NULL REFERENCES clocks (id) ON DELETE CASCADE,
	since      date NOT NULL,    -- the count's start, kept by a trigger
	since_day  integer NOT NULL, -- the same, in days since 1970-01-01 (for ranking)
	utc_offset integer NOT NULL, -- minutes east of UTC when last saved
	languages  bigint NOT NULL,
	ways       integer NOT NULL,
	welcomes   integer NOT NULL,
	substances integer NOT NULL,
	gender     text NOT NULL,
	space      integer NOT NULL,
	PRIMARY KEY (program, account_id)
);
-- Matching reads a program's open offers from this index alone.
CREATE INDEX sponsor_offers_match ON sponsor_offers (program, utc_offset)
	INCLUDE (since_day, languages, ways, welcomes, substances, gender, account_id, since, space) WHERE space > 0;

-- A count that restarts (a setback, an edit) moves its offers' start.
-- +goose StatementBegin
CREATE FUNCTION sponsor_offers_since() RETURNS trigger AS $$
BEGIN
	UPDATE sponsor_offers SET since = NEW.start_on, since_day = NEW.start_on - DATE '1970-01-01'
	WHERE clock_id = NEW.id;
	RETURN NEW;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER clocks_sponsor_since AFTER UPDATE OF start_on ON clocks
	FOR EACH ROW EXECUTE FUNCTION sponsor_offers_since();
CREATE INDEX sponsor_offers_account ON sponsor_offers (account_id);

CREATE TABLE sponsorships (
	id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	sponsor_id     bigint REFERENCES accounts (id) ON DELETE SET NULL,
	sponsee_id     bigint REFERENCES accounts (id) ON DELETE SET NULL,
	program        text NOT NULL,
	status         text NOT NULL CHECK (status IN ('requested', 'active', 'declined', 'withdrawn', 'ended')),
	message        bytea NOT NULL, -- sealed with the sponsee's key
	decline_reason text NOT NULL DEFAULT '',
	cadence_days   integer NOT NULL DEFAULT 0,
	cadence_way    text NOT NULL DEFAULT '',
	thanks         bytea NOT NULL, -- sealed with ended_by's key
	ended_by       bigint REFERENCES accounts (id) ON DELETE SET NULL,
	next_due       date,          -- the day the next agreed check-in is due
	due_told       date,          -- the due day both were last told of
	created_at     timestamptz NOT NULL,
	answered_at    timestamptz,
	ended_at       timestamptz
);
CREATE INDEX sponsorships_sponsor ON sponsorships (sponsor_id, status);
CREATE INDEX sponsorships_sponsee ON sponsorships (sponsee_id, status);
CREATE INDEX sponsorships_due ON sponsorships (status, next_due);
-- At most one sponsor per program, and one open request or sponsorship
-- between the same two members.
CREATE UNIQUE INDEX sponsorships_one_per_program ON sponsorships (sponsee_id, program) WHERE status = 'active';
CREATE UNIQUE INDEX sponsorships_one_open ON sponsorships (sponsor_id, sponsee_id) WHERE status IN ('requested', 'active');

CREATE TABLE sponsor_check_ins (
	id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	sponsorship_id bigint NOT NULL REFERENCES sponsorships (id) ON DELETE CASCADE,
	on_date        date NOT NULL,
	way            text NOT NULL,
	logged_by      bigint REFERENCES accounts (id) ON DELETE SET NULL,
	created_at     timestamptz NOT NULL,
	UNIQUE (sponsorship_id, on_date)
);
