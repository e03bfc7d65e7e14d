-- The finder's copy of each meeting's languages, so that "in Spanish" is a
-- test on the meeting's own row rather than lookups of its types and of its
-- group's languages, and an index that finds a language's meetings without
-- a place ("online, in Spanish, tonight").
--
-- A meeting's languages are those its types name (type S is Spanish) or,
-- when no type names one, its group's; each is kept as the primary subtag
-- of a BCP 47 tag in lower case ("es" for S, for "es" and for "es-MX").
-- language_types is Hearth's table of the type codes that name a language
-- (hearth.TypeLanguage), which the triggers need; a test checks it against
-- the Go table.
--
--   - meeting_finder.languages: the list, joined and wrapped by the unit
--     separator as type_list is ("\x1fes\x1f"), '' for none;
--   - meeting_languages: a row per meeting and language, with the
--     meeting's attendance and days, ordered by language, attendance, then
--     as meeting_finder is (band, lon, id): the meetings of a language,
--     online, are one run of rows, and their meeting_finder rows are read
--     in the order they are stored, each by its primary key.
--
-- Triggers keep both in step: with meetings (as meeting_finder is), and
-- with group_languages, whose change reaches every meeting of the group.

-- +goose Up
CREATE TABLE language_types (
	code   TEXT PRIMARY KEY,
	tag    TEXT NOT NULL,
	needle TEXT NOT NULL DEFAULT '' -- the code as a type_list holds it, set below
) STRICT, WITHOUT ROWID;
INSERT INTO language_types (code, tag) VALUES
	('AF', 'af'), ('AM', 'am'), ('AR', 'ar'), ('ASL', 'ase'), ('BG', 'bg'), ('DA', 'da'),
	('DE', 'de'), ('EL', 'el'), ('EN', 'en'), ('FA', 'fa'), ('FI', 'fi'), ('FR', 'fr'), ('HE', 'he'),
	('HI', 'hi'), ('HR', 'hr'), ('HU', 'hu'), ('IS', 'is'), ('ITA', 'it'), ('JA', 'ja'), ('KA', 'ka'),
	('KOR', 'ko'), ('LT', 'lt'), ('ML', 'ml'), ('MT', 'mt'), ('NE', 'ne'), ('NL', 'nl'), ('NO', 'no'),
	('POL', 'pl'), ('POR', 'pt'), ('PUN', 'pa'), ('RUS', 'ru'), ('S', 'es'), ('SK', 'sk'),
	('SL', 'sl'), ('SV', 'sv'), ('TH', 'th'), ('TL', 'tl'), ('TUR', 'tr'), ('UK', 'uk');

UPDATE language_types SET needle = char(31) || code || char(31);

ALTER TABLE meeting_finder ADD COLUMN languages TEXT NOT NULL DEFAULT '';

CREATE TABLE meeting_languages (
	language   TEXT NOT NULL,
	attendance TEXT NOT NULL,
	band       INTEGER NOT NULL,
	lon        REAL NOT NULL,
	meeting_id INTEGER NOT NULL,
	day_set    INTEGER NOT NULL,
	PRIMARY KEY (language, attendance, band, lon, meeting_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX meeting_languages_meeting ON meeting_languages (meeting_id);

-- The meetings stored before this migration.
INSERT INTO meeting_languages (language, attendance, band, lon, meeting_id, day_set)
SELECT t.tag, m.attendance, m.band, m.lon, m.id, m.day_set
FROM meeting_finder m CROSS JOIN language_types t
WHERE instr(m.type_list, t.needle) > 0
UNION
SELECT lower(CASE WHEN instr(l.language, '-') > 0 THEN substr(l.language, 1, instr(l.language, '-') - 1) ELSE l.language END), m.attendance, m.band, m.lon, m.id, m.day_set
FROM meeting_finder m CROSS JOIN group_languages l ON l.group_id = m.group_id
WHERE l.language NOT LIKE '-%' AND NOT EXISTS (SELECT 1 FROM language_types t WHERE instr(m.type_list, t.needle) > 0);
UPDATE meeting_finder SET languages = coalesce((SELECT char(31) || group_concat(language, char(31)) || char(31)
	                 FROM meeting_languages WHERE meeting_id = meeting_finder.id), '');

DROP TRIGGER meetings_finder_insert;
DROP TRIGGER meetings_finder_update;

-- +goose StatementBegin
CREATE TRIGGER meetings_finder_insert AFTER INSERT ON meetings
BEGIN
	INSERT INTO meeting_languages (language, attendance, band, lon, meeting_id, day_set)
	SELECT t.tag, new.attendance, coalesce(CAST((new.lat + 90) * 10 AS INTEGER), -1), coalesce(new.lon, 0),
	       new.id, new.day_set
	FROM language_types t
	WHERE instr(new.type_list, t.needle) > 0
	UNION
	SELECT lower(CASE WHEN instr(l.language, '-') > 0 THEN substr(l.language, 1, instr(l.language, '-') - 1) ELSE l.language END),
	       new.attendance, coalesce(CAST((new.lat + 90) * 10 AS INTEGER), -1), coalesce(new.lon, 0),
	       new.id, new.day_set
	FROM group_languages l
	WHERE l.group_id = new.group_id AND l.language NOT LIKE '-%'
	  AND NOT EXISTS (SELECT 1 FROM language_types t WHERE instr(new.type_list, t.needle) > 0);
	INSERT INTO meeting_finder (band, lon, id, lat, group_id, listed, program, inactive, attendance,
	                            day_set, type_list, start_time, end_time, time_zone, languages)
	SELECT coalesce(CAST((new.lat + 90) * 10 AS INTEGER), -1), coalesce(new.lon, 0), new.id, new.lat,
	       new.group_id, g.visibility = 'listed', g.program, new.inactive, new.attendance,
	       new.day_set, new.type_list, new.start_time, new.end_time, new.time_zone,
	       coalesce((SELECT char(31) || group_concat(language, char(31)) || char(31)
	                 FROM meeting_languages WHERE meeting_id = new.id), '')
	FROM groups g WHERE g.id = new.group_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER meetings_finder_update AFTER UPDATE ON meetings
BEGIN
	DELETE FROM meeting_finder WHERE id = old.id;
	DELETE FROM meeting_languages WHERE meeting_id = old.id;
	INSERT INTO meeting_languages (language, attendance, band, lon, meeting_id, day_set)
	SELECT t.tag, new.attendance, coalesce(CAST((new.lat + 90) * 10 AS INTEGER), -1), coalesce(new.lon, 0),
	       new.id, new.day_set
	FROM language_types t
	WHERE instr(new.type_list, t.needle) > 0
	UNION
	SELECT lower(CASE WHEN instr(l.language, '-') > 0 THEN substr(l.language, 1, instr(l.language, '-') - 1) ELSE l.language END),
	       new.attendance, coalesce(CAST((new.lat + 90) * 10 AS INTEGER), -1), coalesce(new.lon, 0),
	       new.id, new.day_set
	FROM group_languages l
	WHERE l.group_id = new.group_id AND l.language NOT LIKE '-%'
	  AND NOT EXISTS (SELECT 1 FROM language_types t WHERE instr(new.type_list, t.needle) > 0);
	INSERT INTO meeting_finder (band, lon, id, lat, group_id, listed, program, inactive, attendance,
	                            day_set, type_list, start_time, end_time, time_zone, languages)
	SELECT coalesce(CAST((new.lat + 90) * 10 AS INTEGER), -1), coalesce(new.lon, 0), new.id, new.lat,
	       new.group_id, g.visibility = 'listed', g.program, new.inactive, new.attendance,
	       new.day_set, new.type_list, new.start_time, new.end_time, new.time_zone,
	       coalesce((SELECT char(31) || group_concat(language, char(31)) || char(31)
	                 FROM meeting_languages WHERE meeting_id = new.id), '')
	FROM groups g WHERE g.id = new.group_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER meetings_languages_delete AFTER DELETE ON meetings
BEGIN
	DELETE FROM meeting_languages WHERE meeting_id = old.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER group_languages_finder_insert AFTER INSERT ON group_languages
BEGIN
	DELETE FROM meeting_languages
	WHERE meeting_id IN (SELECT id FROM meeting_finder WHERE group_id IN (new.group_id));
	INSERT INTO meeting_languages (language, attendance, band, lon, meeting_id, day_set)
	SELECT t.tag, m.attendance, m.band, m.lon, m.id, m.day_set
	FROM meeting_finder m CROSS JOIN language_types t
	WHERE m.group_id IN (new.group_id) AND instr(m.type_list, t.needle) > 0
	UNION
	SELECT lower(CASE WHEN instr(l.language, '-') > 0 THEN substr(l.language, 1, instr(l.language, '-') - 1) ELSE l.language END), m.attendance, m.band, m.lon, m.id, m.day_set
	FROM meeting_finder m CROSS JOIN group_languages l ON l.group_id = m.group_id
	WHERE m.group_id IN (new.group_id) AND l.language NOT LIKE '-%'
	  AND NOT EXISTS (SELECT 1 FROM language_types t WHERE instr(m.type_list, t.needle) > 0);
	UPDATE meeting_finder SET languages = coalesce((SELECT char(31) || group_concat(language, char(31)) || char(31)
	                 FROM meeting_languages WHERE meeting_id = meeting_finder.id), '')
	WHERE group_id IN (new.group_id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER group_languages_finder_update AFTER UPDATE ON group_languages
BEGIN
	DELETE FROM meeting_languages
	WHERE meeting_id IN (SELECT id FROM meeting_finder WHERE group_id IN (old.group_id, new.group_id));
	INSERT INTO meeting_languages (language, attendance, band, lon, meeting_id, day_set)
	SELECT t.tag, m.attendance, m.band, m.lon, m.id, m.day_set
	FROM meeting_finder m CROSS JOIN language_types t
	WHERE m.group_id IN (old.group_id, new.group_id) AND instr(m.type_list, t.needle) > 0
	UNION
	SELECT lower(CASE WHEN instr(l.language, '-') > 0 THEN substr(l.language, 1, instr(l.language, '-') - 1) ELSE l.language END), m.attendance, m.band, m.lon, m.id, m.day_set
	FROM meeting_finder m CROSS JOIN group_languages l ON l.group_id = m.group_id
	WHERE m.group_id IN (old.group_id, new.group_id) AND l.language NOT LIKE '-%'
	  AND NOT EXISTS (SELECT 1 FROM language_types t WHERE instr(m.type_list, t.needle) > 0);
	UPDATE meeting_finder SET languages = coalesce((SELECT char(31) || group_concat(language, char(31)) || char(31)
	                 FROM meeting_languages WHERE meeting_id = meeting_finder.id), '')
	WHERE group_id IN (old.group_id, new.group_id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER group_languages_finder_delete AFTER DELETE ON group_languages
BEGIN
	DELETE FROM meeting_languages
	WHERE meeting_id IN (SELECT id FROM meeting_finder WHERE group_id IN (old.group_id));
	INSERT INTO meeting_languages (language, attendance, band, lon, meeting_id, day_set)
	SELECT t.tag, m.attendance, m.band, m.lon, m.id, m.day_set
	FROM meeting_finder m CROSS JOIN language_types t
	WHERE m.group_id IN (old.group_id) AND instr(m.type_list, t.needle) > 0
	UNION
	SELECT lower(CASE WHEN instr(l.language, '-') > 0 THEN substr(l.language, 1, instr(l.language, '-') - 1) ELSE l.language END), m.attendance, m.band, m.lon, m.id, m.day_set
	FROM meeting_finder m CROSS JOIN group_languages l ON l.group_id = m.group_id
	WHERE m.group_id IN (old.group_id) AND l.language NOT LIKE '-%'
	  AND NOT EXISTS (SELECT 1 FROM language_types t WHERE instr(m.type_list, t.needle) > 0);
	UPDATE meeting_finder SET languages = coalesce((SELECT char(31) || group_concat(language, char(31)) || char(31)
	                 FROM meeting_languages WHERE meeting_id = meeting_finder.id), '')
	WHERE group_id IN (old.group_id);
END;
-- +goose StatementEnd
