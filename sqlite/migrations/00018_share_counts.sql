-- What a group's page reads of its fifty latest shares, kept cheap.
--
-- A share's replies (the visible ones) are counted in a column of its
-- own, which triggers keep in the transaction of every change, so every
-- writer counts: a reply posted, deleted, hidden, removed, restored or
-- approved, and the replies an erased account takes with it (foreign-key
-- cascades fire the delete trigger too). The page read them with a count
-- per share.
--
-- A reader's own reactions are found by account and share, in one range
-- of an index (the index on the account alone served only erasure, which
-- the new one serves as well).

-- +goose Up
ALTER TABLE shares ADD COLUMN replies INTEGER NOT NULL DEFAULT 0;
UPDATE shares SET replies = (SELECT count(*) FROM shares r WHERE r.parent_id = shares.id AND r.status = 'visible')
	WHERE parent_id IS NULL AND id IN (SELECT parent_id FROM shares WHERE parent_id IS NOT NULL);

-- +goose StatementBegin
CREATE TRIGGER shares_replies_insert AFTER INSERT ON shares
WHEN NEW.parent_id IS NOT NULL AND NEW.status = 'visible'
BEGIN
	UPDATE shares SET replies = replies + 1 WHERE id = NEW.parent_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER shares_replies_delete AFTER DELETE ON shares
WHEN OLD.parent_id IS NOT NULL AND OLD.status = 'visible'
BEGIN
	UPDATE shares SET replies = replies - 1 WHERE id = OLD.parent_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER shares_replies_update AFTER UPDATE OF status, parent_id ON shares
WHEN (OLD.parent_id IS NOT NULL AND OLD.status = 'visible') OR (NEW.parent_id IS NOT NULL AND NEW.status = 'visible')
BEGIN
	UPDATE shares SET replies = replies - 1 WHERE id = OLD.parent_id AND OLD.status = 'visible';
	UPDATE shares SET replies = replies + 1 WHERE id = NEW.parent_id AND NEW.status = 'visible';
END;
-- +goose StatementEnd

CREATE INDEX reactions_account_share ON reactions (account_id, share_id, kind);
DROP INDEX reactions_account;
