-- Requests to join groups, meetings with their days, types and regions,
-- the meetings members follow, and their private calendar addresses.
--
-- A meeting's times are its own: a day of the week, "HH:MM" and an IANA
-- time zone, never converted to UTC, so that a 19:00 meeting stays at 19:00
-- across daylight-saving changes. Its position, when known, is in lat and
-- lon; meeting_finder keeps what the finder filters on in order of place,
-- and an FTS5 table (meetings_fts) indexes search_text, the meeting's
-- words folded by the store (lower case, no accents), for free text.
-- Triggers keep both in step with the meetings table.

-- +goose Up
-- Words of the group's name and description, folded by the store, for
-- ListGroups' free text. Groups made before this migration get a rough
-- form until they are next saved.
ALTER TABLE groups ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE groups SET search_text = lower(name || ' ' || description);

-- A request to join a group that approves its members. It becomes a row
-- of group_members when a trusted servant approves it.
CREATE TABLE group_requests (
	group_id     INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
	account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	requested_at TEXT NOT NULL,
	PRIMARY KEY (group_id, account_id)
) STRICT;
CREATE INDEX group_requests_account ON group_requests (account_id);

CREATE TABLE meetings (
	id                     INTEGER PRIMARY KEY AUTOINCREMENT,
	group_id               INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
	slug                   TEXT NOT NULL UNIQUE,
	name                   TEXT NOT NULL,
	start_time             TEXT NOT NULL, -- "HH:MM" in time_zone
	end_time               TEXT NOT NULL, -- before start_time: past midnight
	time_zone              TEXT NOT NULL, -- IANA name
	venue                  TEXT NOT NULL DEFAULT '',
	formatted_address      TEXT NOT NULL DEFAULT '',
	address                TEXT NOT NULL DEFAULT '',
	city                   TEXT NOT NULL DEFAULT '',
	region                 TEXT NOT NULL DEFAULT '',
	postal_code            TEXT NOT NULL DEFAULT '',
	country                TEXT NOT NULL DEFAULT '',
	approximate            INTEGER NOT NULL DEFAULT 0 CHECK (approximate IN (0, 1)),
	lat                    REAL CHECK (lat BETWEEN -90 AND 90),
	lon                    REAL CHECK (lon BETWEEN -180 AND 180),
	location_notes         TEXT NOT NULL DEFAULT '',
	conference_url         TEXT NOT NULL DEFAULT '',
	conference_url_notes   TEXT NOT NULL DEFAULT '',
	conference_phone       TEXT NOT NULL DEFAULT '',
	conference_phone_notes TEXT NOT NULL DEFAULT '',
	notes                  TEXT NOT NULL DEFAULT '',
	-- How people attend when the meeting meets, derived by the store:
	-- in_person, online or hybrid.
	attendance             TEXT NOT NULL CHECK (attendance IN ('in_person', 'online', 'hybrid')),
	-- Copies of the meeting's days (a bit set, bit 0 Sunday), type codes and
	-- regions (each list joined by the unit separator, U+001F), written
	-- with meeting_days, meeting_types and meeting_regions, so that a
	-- meeting is read in one row: a feed of every meeting streams without
	-- three lookups per meeting. The tables are what queries filter on.
	day_set                INTEGER NOT NULL DEFAULT 0 CHECK (day_set BETWEEN 0 AND 127),
	type_list              TEXT NOT NULL DEFAULT '',
	region_list            TEXT NOT NULL DEFAULT '',
	inactive               INTEGER NOT NULL DEFAULT 0 CHECK (inactive IN (0, 1)),
	search_text            TEXT NOT NULL DEFAULT '',
	-- The directory an imported meeting came from; '' for meetings made
	-- in Hearth.
	source                 TEXT NOT NULL DEFAULT '',
	created_at             TEXT NOT NULL,
	updated_at             TEXT NOT NULL,
	CHECK ((lat IS NULL) = (lon IS NULL))
) STRICT;
CREATE INDEX meetings_group ON meetings (group_id);
CREATE INDEX meetings_source ON meetings (source, slug) WHERE source <> '';

CREATE TABLE meeting_days (
	meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	day        INTEGER NOT NULL CHECK (day BETWEEN 0 AND 6), -- 0 is Sunday
	PRIMARY KEY (meeting_id, day)
) STRICT, WITHOUT ROWID;
CREATE INDEX meeting_days_day ON meeting_days (day, meeting_id);

-- Meeting Guide type codes, in the order the meeting gave them.
CREATE TABLE meeting_types (
	meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	code       TEXT NOT NULL,
	position   INTEGER NOT NULL,
	PRIMARY KEY (meeting_id, code)
) STRICT, WITHOUT ROWID;
CREATE INDEX meeting_types_code ON meeting_types (code, meeting_id);

-- Regions, most general first.
CREATE TABLE meeting_regions (
	meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	position   INTEGER NOT NULL,
	name       TEXT NOT NULL,
	PRIMARY KEY (meeting_id, position)
) STRICT, WITHOUT ROWID;

-- "My meetings".
CREATE TABLE meeting_follows (
	account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	followed_at TEXT NOT NULL,
	PRIMARY KEY (account_id, meeting_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX meeting_follows_meeting ON meeting_follows (meeting_id);

-- One private calendar address per member: the SHA-256 of its token for
-- lookup, and the token sealed with the member's data key so that it can
-- be shown again.
CREATE TABLE calendar_tokens (
	account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
	token_hash BLOB NOT NULL UNIQUE,
	token      BLOB NOT NULL, -- sealed with the account's data key
	created_at TEXT NOT NULL
) STRICT;

-- The finder's own copy of what it asks of each meeting, narrow and kept in
-- order of place: rows sorted by band (tenths of a degree of latitude,
-- counted from the South Pole) then longitude, so that the meetings near
-- a point are a few short runs of neighbouring rows, read without a
-- lookup per meeting. Meetings without a position have band -1. listed and
-- program are the group's. Triggers keep it in step with meetings and
-- groups; nothing else writes it.
CREATE TABLE meeting_finder (
	band       INTEGER NOT NULL,
	lon        REAL NOT NULL,
	id         INTEGER NOT NULL,
	lat        REAL,
	group_id   INTEGER NOT NULL,
	listed     INTEGER NOT NULL,
	program    TEXT NOT NULL,
	inactive   INTEGER NOT NULL,
	attendance TEXT NOT NULL,
	day_set    INTEGER NOT NULL,
	type_list  TEXT NOT NULL,
	start_time TEXT NOT NULL,
	end_time   TEXT NOT NULL,
	time_zone  TEXT NOT NULL,
	PRIMARY KEY (band, lon, id)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX meeting_finder_id ON meeting_finder (id);
CREATE INDEX meeting_finder_group ON meeting_finder (group_id);

-- +goose StatementBegin
CREATE TRIGGER meetings_finder_insert AFTER INSERT ON meetings
BEGIN
	INSERT INTO meeting_finder (band, lon, id, lat, group_id, listed, program, inactive, attendance,
	                            day_set, type_list, start_time, end_time, time_zone)
	SELECT coalesce(CAST((new.lat + 90) * 10 AS INTEGER), -1), coalesce(new.lon, 0), new.id, new.lat,
	       new.group_id, g.visibility = 'listed', g.program, new.inactive, new.attendance,
	       new.day_set, new.type_list, new.start_time, new.end_time, new.time_zone
	FROM groups g WHERE g.id = new.group_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER meetings_finder_update AFTER UPDATE ON meetings
BEGIN
	DELETE FROM meeting_finder WHERE id = old.id;
	INSERT INTO meeting_finder (band, lon, id, lat, group_id, listed, program, inactive, attendance,
	                            day_set, type_list, start_time, end_time, time_zone)
	SELECT coalesce(CAST((new.lat + 90) * 10 AS INTEGER), -1), coalesce(new.lon, 0), new.id, new.lat,
	       new.group_id, g.visibility = 'listed', g.program, new.inactive, new.attendance,
	       new.day_set, new.type_list, new.start_time, new.end_time, new.time_zone
	FROM groups g WHERE g.id = new.group_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER meetings_finder_delete AFTER DELETE ON meetings
BEGIN
	DELETE FROM meeting_finder WHERE id = old.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER groups_finder_update AFTER UPDATE OF visibility, program ON groups
BEGIN
	UPDATE meeting_finder SET listed = new.visibility = 'listed', program = new.program
	WHERE group_id = new.id;
END;
-- +goose StatementEnd

CREATE VIRTUAL TABLE meetings_fts USING fts5 (
	search_text,
	content = 'meetings',
	content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2'
);

-- +goose StatementBegin
CREATE TRIGGER meetings_fts_insert AFTER INSERT ON meetings
BEGIN
	INSERT INTO meetings_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER meetings_fts_update AFTER UPDATE OF search_text ON meetings
BEGIN
	INSERT INTO meetings_fts (meetings_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO meetings_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER meetings_fts_delete AFTER DELETE ON meetings
BEGIN
	INSERT INTO meetings_fts (meetings_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
-- +goose StatementEnd
