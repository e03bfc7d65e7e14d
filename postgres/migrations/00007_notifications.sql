-- In-app notifications: what happened and where, never the content. A
-- member's choices per kind are kept only when they differ from the
-- default (every kind on).

-- +goose Up
CREATE TABLE notifications (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	kind       text NOT NULL,
	group_id   bigint,
	subject_id bigint,
	created_at timestamptz NOT NULL,
	read_at    timestamptz
);
CREATE INDEX notifications_account ON notifications (account_id, id);
CREATE INDEX notifications_unread ON notifications (account_id) WHERE read_at IS NULL;

CREATE TABLE notification_prefs (
	account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	kind       text NOT NULL,
	enabled    boolean NOT NULL,
	PRIMARY KEY (account_id, kind)
);
