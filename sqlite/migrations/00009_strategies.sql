-- The community's library of coping strategies ("collective wisdom").
-- A strategy is public to the community: its text is not sealed. Who
-- wrote it is kept (to let them edit it) but never shown to others; who
-- marked it "this helped me" is kept once per member (to let them undo
-- it) and only ever shown as a count.
--
-- search_text is the words the store folds itself (lower case, accents
-- off) from the title, the body and the words of the strategy's
-- situations in both languages (see sqlstore/strategytext.go);
-- strategies_fts indexes it as an external-content FTS5 table kept by
-- triggers. The tokenizer takes accents off too, so text folded or not
-- is found the same way. tag_list repeats the tags (space-separated) so
-- that a list needs no second query; strategy_tags is what filters by
-- situation. helped is the count of strategy_helped, kept by triggers
-- (also when an erased member's marks go with their account).

-- +goose Up
CREATE TABLE strategies (
	id            INTEGER PRIMARY KEY,
	author_id     INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	language      TEXT NOT NULL CHECK (language IN ('en', 'es')),
	title         TEXT NOT NULL,
	body          TEXT NOT NULL,
	program       TEXT NOT NULL DEFAULT '',
	tag_list      TEXT NOT NULL DEFAULT '',
	share_id      INTEGER UNIQUE,
	search_text   TEXT NOT NULL DEFAULT '',
	helped        INTEGER NOT NULL DEFAULT 0,
	hidden_at     TEXT,
	hidden_reason TEXT NOT NULL DEFAULT '',
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL
);
CREATE INDEX strategies_author ON strategies (author_id);
-- The library's orders, each within a language (the member's comes first).
CREATE INDEX strategies_helpful ON strategies (language, helped DESC, id DESC) WHERE hidden_at IS NULL;
CREATE INDEX strategies_newest ON strategies (language, id DESC) WHERE hidden_at IS NULL;

CREATE TABLE strategy_tags (
	strategy_id INTEGER NOT NULL REFERENCES strategies (id) ON DELETE CASCADE,
	tag         TEXT NOT NULL,
	PRIMARY KEY (strategy_id, tag)
) WITHOUT ROWID;
CREATE INDEX strategy_tags_tag ON strategy_tags (tag, strategy_id);

CREATE TABLE strategy_helped (
	strategy_id INTEGER NOT NULL REFERENCES strategies (id) ON DELETE CASCADE,
	account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	created_at  TEXT NOT NULL,
	PRIMARY KEY (strategy_id, account_id)
) WITHOUT ROWID;
CREATE INDEX strategy_helped_account ON strategy_helped (account_id);

-- +goose StatementBegin
CREATE TRIGGER strategy_helped_insert AFTER INSERT ON strategy_helped
BEGIN
	UPDATE strategies SET helped = helped + 1 WHERE id = new.strategy_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER strategy_helped_delete AFTER DELETE ON strategy_helped
BEGIN
	UPDATE strategies SET helped = helped - 1 WHERE id = old.strategy_id;
END;
-- +goose StatementEnd

-- Moderation by site admins, kept after a removed strategy is gone.
CREATE TABLE strategy_audits (
	id          INTEGER PRIMARY KEY,
	strategy_id INTEGER NOT NULL,
	admin_id    INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
	action      TEXT NOT NULL CHECK (action IN ('hide', 'restore', 'remove')),
	reason      TEXT NOT NULL,
	created_at  TEXT NOT NULL
);
CREATE INDEX strategy_audits_strategy ON strategy_audits (strategy_id, id);

CREATE VIRTUAL TABLE strategies_fts USING fts5 (
	search_text,
	content = 'strategies',
	content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2',
	-- Searches ask for stems as prefixes ("crav"*, "noch"*): indexes of
	-- the prefixes stems have save expanding them term by term.
	prefix = '3 4 5 6'
);

-- +goose StatementBegin
CREATE TRIGGER strategies_fts_insert AFTER INSERT ON strategies
BEGIN
	INSERT INTO strategies_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER strategies_fts_update AFTER UPDATE OF search_text ON strategies
BEGIN
	INSERT INTO strategies_fts (strategies_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO strategies_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER strategies_fts_delete AFTER DELETE ON strategies
BEGIN
	INSERT INTO strategies_fts (strategies_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
-- +goose StatementEnd
