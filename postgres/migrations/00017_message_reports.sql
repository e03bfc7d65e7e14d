-- Reports of private messages to the site admins. The reporter's request
-- opens the message with the conversation's key and seals a copy (body),
-- with the reporter's note, with a key of the report's own; that key is
-- kept only wrapped by the server key (report_key, bound to the row), and
-- only the admins' path unwraps it. The reporter keeps their note sealed
-- with their own data key (reporter_note), for their list and export.
-- Every time an admin reads a report is a row of message_report_reads,
-- which the reporter sees. A report outlives the conversation and either
-- member's account: the reported copy is the report's, not theirs.

-- +goose Up
CREATE TABLE message_reports (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	message_id    bigint REFERENCES messages (id) ON DELETE SET NULL,
	reporter_id   bigint REFERENCES accounts (id) ON DELETE SET NULL,
	author_id     bigint REFERENCES accounts (id) ON DELETE SET NULL,
	message_at    timestamptz NOT NULL,
	reason        text NOT NULL,
	report_key    bytea NOT NULL, -- wrapped by the server key
	body          bytea NOT NULL, -- sealed with the report key
	note          bytea,          -- sealed with the report key
	reporter_note bytea,          -- sealed with the reporter's data key
	status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'acted')),
	outcome       bytea,          -- sealed with the report key
	handled_by    bigint REFERENCES accounts (id) ON DELETE SET NULL,
	handled_at    timestamptz,
	created_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX message_reports_once ON message_reports (reporter_id, message_id);
CREATE INDEX message_reports_queue ON message_reports (status, id);
CREATE INDEX message_reports_message ON message_reports (message_id);

CREATE TABLE message_report_reads (
	id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	report_id bigint NOT NULL REFERENCES message_reports (id) ON DELETE CASCADE,
	admin_id  bigint REFERENCES accounts (id) ON DELETE SET NULL,
	read_at   timestamptz NOT NULL
);
CREATE INDEX message_report_reads_report ON message_report_reads (report_id, id);
