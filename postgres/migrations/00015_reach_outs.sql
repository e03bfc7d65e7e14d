-- "I need support now": the plan a member makes beforehand (who receives
-- it, their own words, sealed with their data key; when they pause taking
-- others'), and each reach-out, with a copy of the words sealed with each
-- recipient's data key, and when each saw and answered it.

-- +goose Up
CREATE TABLE reach_out_plans (
	account_id   bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
	partners     boolean NOT NULL,
	sponsor      boolean NOT NULL,
	words        bytea, -- sealed
	paused_until timestamptz
);

CREATE TABLE reach_out_groups (
	account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	group_id   bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
	PRIMARY KEY (account_id, group_id)
);

CREATE TABLE reach_outs (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	sender_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	words      bytea, -- sealed with the sender's key
	created_at timestamptz NOT NULL
);
CREATE INDEX reach_outs_sender ON reach_outs (sender_id, id);

CREATE TABLE reach_out_recipients (
	reach_out_id bigint NOT NULL REFERENCES reach_outs (id) ON DELETE CASCADE,
	account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	words        bytea, -- sealed with the recipient's key
	seen_at      timestamptz,
	answered_at  timestamptz,
	PRIMARY KEY (reach_out_id, account_id)
);
CREATE INDEX reach_out_recipients_account ON reach_out_recipients (account_id, reach_out_id);
