-- What a group's page reads of its fifty latest shares, kept cheap.
--
-- A share's replies (the visible ones) are counted in a column of its
-- own, which a trigger keeps in the transaction of every change, so every
-- writer counts: a reply posted, deleted, hidden, removed, restored or
-- approved, and the replies an erased account takes with it (foreign-key
-- cascades fire the delete trigger too). The page read them with a count
-- per share.
--
-- A reader's own reactions are found by account and share, in one range
-- of an index (the index on the account alone served only erasure, which
-- the new one serves as well).

-- +goose Up
ALTER TABLE shares ADD COLUMN replies integer NOT NULL DEFAULT 0;
UPDATE shares s SET replies = r.n
	FROM (SELECT parent_id, count(*) AS n FROM shares WHERE parent_id IS NOT NULL AND status = 'visible' GROUP BY parent_id) r
	WHERE s.id = r.parent_id;

-- +goose StatementBegin
CREATE FUNCTION shares_replies_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		IF OLD.parent_id IS NOT NULL AND OLD.status = 'visible' THEN
			UPDATE shares SET replies = replies - 1 WHERE id = OLD.parent_id;
		END IF;
	END IF;
	IF TG_OP <> 'DELETE' THEN
		IF NEW.parent_id IS NOT NULL AND NEW.status = 'visible' THEN
			UPDATE shares SET replies = replies + 1 WHERE id = NEW.parent_id;
		END IF;
	END IF;
	RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER shares_replies_insert AFTER INSERT ON shares
	FOR EACH ROW WHEN (NEW.parent_id IS NOT NULL AND NEW.status = 'visible') EXECUTE FUNCTION shares_replies_keep();
CREATE TRIGGER shares_replies_delete AFTER DELETE ON shares
	FOR EACH ROW WHEN (OLD.parent_id IS NOT NULL AND OLD.status = 'visible') EXECUTE FUNCTION shares_replies_keep();
CREATE TRIGGER shares_replies_update AFTER UPDATE OF status, parent_id ON shares
	FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.parent_id IS DISTINCT FROM NEW.parent_id)
	EXECUTE FUNCTION shares_replies_keep();

CREATE INDEX reactions_account_share ON reactions (account_id, share_id, kind);
DROP INDEX reactions_account;
