package hearth

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// MessageReport is a member's word to the site admins that a private
// message they received is wrong. Conversations are sealed so that no one
// but their two members reads them; a report opens one message, and only
// that one, to the site admins: the reporter's request seals a copy of it
// with a key of the report's own, which the server key keeps wrapped and
// only the admins' path unwraps. Every time an admin reads it is logged,
// and the reporter sees when. The member reported is never told who
// reported them; group trusted servants never see message reports.
type MessageReport struct {
	ID        int64
	MessageID int64 // 0 once the conversation is gone
	Reason    string
	// Note is the reporter's words, for the admin (and for the reporter,
	// from their own copy).
	Note   string
	Status string // MessageReportOpen, MessageReportDismissed, MessageReportActed
	// ReporterID is set for the reporter; 0 for admins, who see only
	// ReporterName ("" once the reporter erased their account).
	ReporterID int64
	CreatedAt  time.Time
	HandledAt  time.Time // zero while open
	// Reads are the times a site admin read the reported message, earliest
	// first: the reporter sees them.
	Reads []time.Time
	// Again is set when the actor had reported this message already:
	// nothing new was made, and the earlier report is returned.
	Again bool
	// ConversationID is the reporter's conversation (0 for admins).
	ConversationID int64

	// For site admins, from OpenMessageReport only: the reported message,
	// its author and the reporter as anyone sees them ("" for a former
	// member), when it was written, and what the admin who handled it
	// wrote.
	Body         string
	AuthorName   string
	ReporterName string
	MessageAt    time.Time
	Outcome      string
	// Opened says Body, Note and Outcome were opened (OpenMessageReport).
	Opened bool
}

// Message report statuses.
const (
	MessageReportOpen      = "open"
	MessageReportDismissed = "dismissed" // closed with nothing to do
	MessageReportActed     = "acted"     // an admin did something about it
)

// ReportMessage is a message report's kind in the moderation log; the
// log's actions on one are ModRead, ModDismiss and ModAct.
const ReportMessage = "message"

// Moderation actions on message reports.
const (
	ModRead = "read" // a site admin read a reported message
	ModAct  = "act"  // a site admin did something about a report
)

// MessageReportOutcomeMax bounds what an admin writes when handling a
// report, in characters.
const MessageReportOutcomeMax = 1000

// CleanReportNote checks a report's reason and returns its note trimmed.
func CleanReportNote(reason, note string) (string, error) {
	errs := FieldErrors{}
	note = checkReportWords(errs, reason, note)
	return note, errs.Err()
}

// checkReportWords adds to errs what is wrong with a report's reason and
// note, and returns the note trimmed.
func checkReportWords(errs FieldErrors, reason, note string) string {
	if !slices.Contains(ReportReasons, reason) {
		errs.Add("reason", "error.report.reason")
	}
	note = strings.TrimSpace(strings.ToValidUTF8(note, "\uFFFD"))
	if utf8.RuneCountInString(note) > ReportNoteMax {
		errs.Add("note", "error.report.note_long")
	}
	return note
}

// MessageReportService keeps reports of private messages. Every method
// acts for the member in the context (EUNAUTHORIZED without one).
type MessageReportService interface {
	// ReportMessage reports a message of a conversation the actor is in
	// (ENOTFOUND otherwise, and for their own message), with a reason
	// (ReportReasons) and an optional note (EINVALID). One who blocks the
	// other, or is blocked, may still report. A second report of the same
	// message by the same member makes nothing new: the first is returned
	// with Again set. The site admins are told; the message's author never
	// is.
	ReportMessage(ctx context.Context, messageID int64, reason, note string) (*MessageReport, error)
	// MyMessageReports lists the actor's reports, newest first, each with
	// the times a site admin read it.
	MyMessageReports(ctx context.Context) ([]*MessageReport, error)
	// MessageReports lists the open reports to the site admins, at-risk
	// first, then oldest; nothing is opened. EFORBIDDEN for anyone else.
	MessageReports(ctx context.Context) ([]*MessageReport, error)
	// MessageReport returns one report to a site admin without opening
	// it: its reason, status, times and reads, nothing of the message or
	// who is involved; nothing is logged. EFORBIDDEN for anyone else;
	// ENOTFOUND.
	MessageReport(ctx context.Context, id int64) (*MessageReport, error)
	// OpenMessageReport opens a report for a site admin: the reported
	// message, and nothing else of its conversation, with the note, the
	// outcome and who wrote and reported it. The read is logged in the
	// same transaction. EFORBIDDEN for anyone else;
	// ENOTFOUND.
	OpenMessageReport(ctx context.Context, id int64) (*MessageReport, error)
	// HandleMessageReport closes an open report as MessageReportDismissed
	// or MessageReportActed, with what was done (EINVALID for another
	// status or a too long outcome). EFORBIDDEN for anyone but a site
	// admin; ENOTFOUND; ECONFLICT when it was handled already.
	HandleMessageReport(ctx context.Context, id int64, status, outcome string) error
}
