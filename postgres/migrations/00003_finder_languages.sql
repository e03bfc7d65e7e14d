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
--   - meetings.languages: the list, joined and wrapped by the unit
--     separator as type_list is (E'\x1fes\x1f'), '' for none;
--   - meeting_languages: a row per meeting and language, with the
--     meeting's attendance and days, ordered by language then attendance:
--     the meetings of a language, online, are one run of the index.
--
-- Triggers keep both in step: with meetings, and with group_languages,
-- whose change reaches every meeting of the group.

-- +goose Up
CREATE TABLE language_types (
	code   text PRIMARY KEY,
	tag    text NOT NULL,
	needle text NOT NULL DEFAULT '' -- the code as a type_list holds it, set below
);
INSERT INTO language_types (code, tag) VALUES
	('AF', 'af'), ('AM', 'am'), ('AR', 'ar'), ('ASL', 'ase'), ('BG', 'bg'), ('DA', 'da'),
	('DE', 'de'), ('EL', 'el'), ('EN', 'en'), ('FA', 'fa'), ('FI', 'fi'), ('FR', 'fr'), ('HE', 'he'),
	('HI', 'hi'), ('HR', 'hr'), ('HU', 'hu'), ('IS', 'is'), ('ITA', 'it'), ('JA', 'ja'), ('KA', 'ka'),
	('KOR', 'ko'), ('LT', 'lt'), ('ML', 'ml'), ('MT', 'mt'), ('NE', 'ne'), ('NL', 'nl'), ('NO', 'no'),
	('POL', 'pl'), ('POR', 'pt'), ('PUN', 'pa'), ('RUS', 'ru'), ('S', 'es'), ('SK', 'sk'),
	('SL', 'sl'), ('SV', 'sv'), ('TH', 'th'), ('TL', 'tl'), ('TUR', 'tr'), ('UK', 'uk');

UPDATE language_types SET needle = chr(31) || code || chr(31);

ALTER TABLE meetings ADD COLUMN languages text NOT NULL DEFAULT '';

CREATE TABLE meeting_languages (
	language   text NOT NULL,
	attendance text NOT NULL,
	day_set    integer NOT NULL,
	meeting_id bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	PRIMARY KEY (language, attendance, meeting_id)
);
CREATE INDEX meeting_languages_meeting ON meeting_languages (meeting_id);

-- The languages of a meeting with these types (type_list) of this group.
-- +goose StatementBegin
CREATE FUNCTION meeting_languages_of(types text, of_group bigint) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT coalesce(chr(31) || string_agg(x.tag, chr(31) ORDER BY x.tag) || chr(31), '')
	FROM (
		SELECT t.tag FROM language_types t
		WHERE strpos(types, t.needle) > 0
		UNION
		SELECT lower(split_part(l.language, '-', 1)) FROM group_languages l
		WHERE l.group_id = of_group AND l.language NOT LIKE '-%'
		  AND NOT EXISTS (SELECT 1 FROM language_types t WHERE strpos(types, t.needle) > 0)
	) x
$$;
-- +goose StatementEnd

-- The meetings stored before this migration.
UPDATE meetings SET languages = meeting_languages_of(type_list, group_id);
INSERT INTO meeting_languages (language, attendance, day_set, meeting_id)
SELECT x.language, m.attendance, m.day_set, m.id
FROM meetings m CROSS JOIN unnest(string_to_array(m.languages, chr(31))) AS x (language)
WHERE x.language <> '';

-- The finder's index of place also holds every column the finder reads or
-- tests on a meeting's row, so that near a place it reads the index alone
-- (once vacuum has marked the pages all-visible) rather than a scattered
-- heap page per meeting in the box: about 850 pages for central Chicago.
DROP INDEX meetings_point;
CREATE INDEX meetings_point ON meetings USING gist (point(lon, lat))
	INCLUDE (id, group_id, inactive, attendance, day_set, type_list, languages, start_time, end_time, time_zone, lat, lon)
	WHERE lat IS NOT NULL;

-- +goose StatementBegin
CREATE FUNCTION meetings_languages_before() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.languages := meeting_languages_of(NEW.type_list, NEW.group_id);
	RETURN NEW;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER meetings_languages_before BEFORE INSERT OR UPDATE ON meetings
FOR EACH ROW EXECUTE FUNCTION meetings_languages_before();

-- +goose StatementBegin
CREATE FUNCTION meetings_languages_after() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' THEN
		IF OLD.languages = NEW.languages AND OLD.attendance = NEW.attendance
		   AND OLD.day_set = NEW.day_set AND OLD.id = NEW.id THEN
			RETURN NULL;
		END IF;
		DELETE FROM meeting_languages WHERE meeting_id = OLD.id;
	END IF;
	INSERT INTO meeting_languages (language, attendance, day_set, meeting_id)
	SELECT x.language, NEW.attendance, NEW.day_set, NEW.id
	FROM unnest(string_to_array(NEW.languages, chr(31))) AS x (language)
	WHERE x.language <> '';
	RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER meetings_languages_after AFTER INSERT OR UPDATE ON meetings
FOR EACH ROW EXECUTE FUNCTION meetings_languages_after();

-- +goose StatementBegin
CREATE FUNCTION group_languages_finder() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	groups bigint[];
BEGIN
	IF TG_OP = 'INSERT' THEN
		groups := ARRAY[NEW.group_id];
	ELSIF TG_OP = 'DELETE' THEN
		groups := ARRAY[OLD.group_id];
	ELSE
		groups := ARRAY[OLD.group_id, NEW.group_id];
	END IF;
	-- meetings_languages_before works the languages out again; this
	-- touches only the meetings whose languages change.
	UPDATE meetings m SET languages = meeting_languages_of(m.type_list, m.group_id)
	WHERE m.group_id = ANY (groups) AND m.languages <> meeting_languages_of(m.type_list, m.group_id);
	RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER group_languages_finder AFTER INSERT OR UPDATE OR DELETE ON group_languages
FOR EACH ROW EXECUTE FUNCTION group_languages_finder();
