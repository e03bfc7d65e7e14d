-- The community's library of coping strategies ("collective wisdom").
-- A strategy is public to the community: its text is not sealed. Who
-- wrote it is kept (to let them edit it) but never shown to others; who
-- marked it "this helped me" is kept once per member (to let them undo
-- it) and only ever shown as a count.
--
-- search_text is the words the store folds itself (lower case, accents
-- off) from the title, the body and the words of the strategy's
-- situations in both languages (see sqlstore/strategytext.go); search is
-- its tsvector under the 'simple' configuration, a generated column with
-- a GIN index. 'simple' rather than 'english' or 'spanish': a strategy
-- in one language must be found by a question in the other through its
-- situations, a query's language is not known, and SQLite (which has no
-- Spanish stemmer) must find the same strategies; the store strips stop
-- words and stems both languages itself, and asks for prefixes. No
-- unaccent extension is needed: the text is folded before it is stored.
-- tag_list repeats the tags (space-separated) so that a list needs no
-- second query; strategy_tags is what filters by situation. helped is
-- the count of strategy_helped, kept by a trigger (also when an erased
-- member's marks go with their account).

-- +goose Up
CREATE TABLE strategies (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	author_id     bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	language      text NOT NULL CHECK (language IN ('en', 'es')),
	title         text NOT NULL,
	body          text NOT NULL,
	program       text NOT NULL DEFAULT '',
	tag_list      text NOT NULL DEFAULT '',
	share_id      bigint UNIQUE,
	search_text   text NOT NULL DEFAULT '',
	search        tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED,
	helped        integer NOT NULL DEFAULT 0,
	hidden_at     timestamptz,
	hidden_reason text NOT NULL DEFAULT '',
	created_at    timestamptz NOT NULL,
	updated_at    timestamptz NOT NULL
);
CREATE INDEX strategies_author ON strategies (author_id);
-- The library's orders, each within a language (the member's comes first).
CREATE INDEX strategies_helpful ON strategies (language, helped DESC, id DESC) WHERE hidden_at IS NULL;
CREATE INDEX strategies_newest ON strategies (language, id DESC) WHERE hidden_at IS NULL;
CREATE INDEX strategies_search ON strategies USING gin (search);

CREATE TABLE strategy_tags (
	strategy_id bigint NOT NULL REFERENCES strategies (id) ON DELETE CASCADE,
	tag         text NOT NULL,
	PRIMARY KEY (strategy_id, tag)
);
CREATE INDEX strategy_tags_tag ON strategy_tags (tag, strategy_id);

CREATE TABLE strategy_helped (
	strategy_id bigint NOT NULL REFERENCES strategies (id) ON DELETE CASCADE,
	account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	created_at  timestamptz NOT NULL,
	PRIMARY KEY (strategy_id, account_id)
);
CREATE INDEX strategy_helped_account ON strategy_helped (account_id);

-- +goose StatementBegin
CREATE FUNCTION strategy_helped_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		UPDATE strategies SET helped = helped + 1 WHERE id = NEW.strategy_id;
	ELSE
		UPDATE strategies SET helped = helped - 1 WHERE id = OLD.strategy_id;
	END IF;
	RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER strategy_helped_count AFTER INSERT OR DELETE ON strategy_helped
	FOR EACH ROW EXECUTE FUNCTION strategy_helped_count();

-- Moderation by site admins, kept after a removed strategy is gone.
CREATE TABLE strategy_audits (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	strategy_id bigint NOT NULL,
	admin_id    bigint REFERENCES accounts (id) ON DELETE SET NULL,
	action      text NOT NULL CHECK (action IN ('hide', 'restore', 'remove')),
	reason      text NOT NULL,
	created_at  timestamptz NOT NULL
);
CREATE INDEX strategy_audits_strategy ON strategy_audits (strategy_id, id);
