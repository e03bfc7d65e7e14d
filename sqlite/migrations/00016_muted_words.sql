-- Words a member mutes: shares and replies holding one are folded away
-- for them. The list is sealed with the member's data key (which words
-- someone cannot bear to read says something about them).

-- +goose Up
CREATE TABLE muted_words (
	account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
	words      BLOB NOT NULL -- sealed
);
