-- Accountability partners: two members who agreed to walk together. The
-- pair is kept once, whichever invited (pair_low < pair_high). Each side's
-- sharing is a bit set: 1 counts, 2 check-ins, 4 mood, 8 nudges.

-- +goose Up
CREATE TABLE partnerships (
	id                INTEGER PRIMARY KEY,
	inviter_id        INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	invitee_id        INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	pair_low          INTEGER NOT NULL,
	pair_high         INTEGER NOT NULL,
	accepted          INTEGER NOT NULL DEFAULT 0 CHECK (accepted IN (0, 1)),
	inviter_shares    INTEGER NOT NULL CHECK (inviter_shares BETWEEN 0 AND 15),
	invitee_shares    INTEGER NOT NULL CHECK (invitee_shares BETWEEN 0 AND 15),
	inviter_nudged_at TEXT,
	invitee_nudged_at TEXT,
	created_at        TEXT NOT NULL,
	accepted_at       TEXT,
	CHECK (inviter_id <> invitee_id),
	UNIQUE (pair_low, pair_high)
);
CREATE INDEX partnerships_inviter ON partnerships (inviter_id);
CREATE INDEX partnerships_invitee ON partnerships (invitee_id);

-- A setback the member chose to tell their partners about, so that they
-- can reach out; and congratulations on a milestone, from a partner or a
-- member of one of the member's groups, once each.
ALTER TABLE setbacks ADD COLUMN tell_partners INTEGER NOT NULL DEFAULT 0 CHECK (tell_partners IN (0, 1));

CREATE TABLE congratulations (
	clock_id     INTEGER NOT NULL REFERENCES clocks (id) ON DELETE CASCADE,
	from_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	milestone_on TEXT NOT NULL,
	created_at   TEXT NOT NULL,
	PRIMARY KEY (clock_id, milestone_on, from_id)
);
CREATE INDEX congratulations_from ON congratulations (from_id);
