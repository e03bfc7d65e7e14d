-- Requests to join groups, meetings with their days, types and regions,
-- the meetings members follow, and their private calendar addresses.
--
-- A meeting's times are its own: a day of the week, "HH:MM" and an IANA
-- time zone, never converted to UTC, so that a 19:00 meeting stays at 19:00
-- across daylight-saving changes. Its position, when known, is in lat and
-- lon; a GiST index on point(lon, lat) serves the finder's bounding boxes,
-- and a GIN index on search_text, the meeting's words folded by the store
-- (lower case, no accents), serves free text.

-- +goose Up
-- Words of the group's name and description, folded by the store, for
-- ListGroups' free text. Groups made before this migration get a rough
-- form until they are next saved.
ALTER TABLE groups ADD COLUMN search_text text NOT NULL DEFAULT '';
UPDATE groups SET search_text = lower(name || ' ' || description);

-- A request to join a group that approves its members. It becomes a row
-- of group_members when a trusted servant approves it.
CREATE TABLE group_requests (
	group_id     bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
	account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	requested_at timestamptz NOT NULL,
	PRIMARY KEY (group_id, account_id)
);
CREATE INDEX group_requests_account ON group_requests (account_id);

CREATE TABLE meetings (
	id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	group_id               bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
	slug                   text NOT NULL UNIQUE,
	name                   text NOT NULL,
	start_time             text NOT NULL, -- "HH:MM" in time_zone
	end_time               text NOT NULL, -- before start_time: past midnight
	time_zone              text NOT NULL, -- IANA name
	venue                  text NOT NULL DEFAULT '',
	formatted_address      text NOT NULL DEFAULT '',
	address                text NOT NULL DEFAULT '',
	city                   text NOT NULL DEFAULT '',
	region                 text NOT NULL DEFAULT '',
	postal_code            text NOT NULL DEFAULT '',
	country                text NOT NULL DEFAULT '',
	approximate            boolean NOT NULL DEFAULT false,
	lat                    double precision CHECK (lat BETWEEN -90 AND 90),
	lon                    double precision CHECK (lon BETWEEN -180 AND 180),
	location_notes         text NOT NULL DEFAULT '',
	conference_url         text NOT NULL DEFAULT '',
	conference_url_notes   text NOT NULL DEFAULT '',
	conference_phone       text NOT NULL DEFAULT '',
	conference_phone_notes text NOT NULL DEFAULT '',
	notes                  text NOT NULL DEFAULT '',
	-- How people attend when the meeting meets, derived by the store:
	-- in_person, online or hybrid.
	attendance             text NOT NULL CHECK (attendance IN ('in_person', 'online', 'hybrid')),
	-- Copies of the meeting's days (a bit set, bit 0 Sunday), type codes and
	-- regions (each list joined by the unit separator, U+001F), written
	-- with meeting_days, meeting_types and meeting_regions, so that a
	-- meeting is read in one row: a feed of every meeting streams without
	-- three lookups per meeting. The tables are what queries filter on.
	day_set                integer NOT NULL DEFAULT 0 CHECK (day_set BETWEEN 0 AND 127),
	type_list              text NOT NULL DEFAULT '',
	region_list            text NOT NULL DEFAULT '',
	inactive               boolean NOT NULL DEFAULT false,
	search_text            text NOT NULL DEFAULT '',
	-- The directory an imported meeting came from; '' for meetings made
	-- in Hearth.
	source                 text NOT NULL DEFAULT '',
	created_at             timestamptz NOT NULL,
	updated_at             timestamptz NOT NULL,
	CHECK ((lat IS NULL) = (lon IS NULL))
);
CREATE INDEX meetings_group ON meetings (group_id);
CREATE INDEX meetings_source ON meetings (source, slug) WHERE source <> '';
CREATE INDEX meetings_point ON meetings USING gist (point(lon, lat)) WHERE lat IS NOT NULL;
CREATE INDEX meetings_search ON meetings USING gin (to_tsvector('simple', search_text));

CREATE TABLE meeting_days (
	meeting_id bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	day        smallint NOT NULL CHECK (day BETWEEN 0 AND 6), -- 0 is Sunday
	PRIMARY KEY (meeting_id, day)
);
CREATE INDEX meeting_days_day ON meeting_days (day, meeting_id);

-- Meeting Guide type codes, in the order the meeting gave them.
CREATE TABLE meeting_types (
	meeting_id bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	code       text NOT NULL,
	position   integer NOT NULL,
	PRIMARY KEY (meeting_id, code)
);
CREATE INDEX meeting_types_code ON meeting_types (code, meeting_id);

-- Regions, most general first.
CREATE TABLE meeting_regions (
	meeting_id bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	position   integer NOT NULL,
	name       text NOT NULL,
	PRIMARY KEY (meeting_id, position)
);

-- "My meetings".
CREATE TABLE meeting_follows (
	account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	meeting_id  bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	followed_at timestamptz NOT NULL,
	PRIMARY KEY (account_id, meeting_id)
);
CREATE INDEX meeting_follows_meeting ON meeting_follows (meeting_id);

-- One private calendar address per member: the SHA-256 of its token for
-- lookup, and the token sealed with the member's data key so that it can
-- be shown again.
CREATE TABLE calendar_tokens (
	account_id bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
	token_hash bytea NOT NULL UNIQUE,
	token      bytea NOT NULL, -- sealed with the account's data key
	created_at timestamptz NOT NULL
);
