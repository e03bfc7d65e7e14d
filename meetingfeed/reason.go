package meetingfeed

import (
	"strconv"
	"strings"

	"hearth/meetingguide"
)

// ReasonCode names, stably, why a record was rejected or adjusted, or what
// became of a meeting missing from the feed. Hearth's catalog says each in
// the reader's language as import.reason.<code>.
type ReasonCode string

// Reasons from the format's own checks (meetingguide's Problem and
// Adjustment codes), each about a field of the record.
const (
	ReasonRequired   = ReasonCode(meetingguide.CodeRequired)
	ReasonInvalid    = ReasonCode(meetingguide.CodeInvalid)
	ReasonTooLong    = ReasonCode(meetingguide.CodeTooLong)
	ReasonOutOfRange = ReasonCode(meetingguide.CodeOutOfRange)
	ReasonDuplicate  = ReasonCode(meetingguide.CodeDuplicate)
	ReasonWrongType  = ReasonCode(meetingguide.CodeWrongType)
	ReasonDefaulted  = ReasonCode(meetingguide.CodeDefaulted)
	ReasonNormalized = ReasonCode(meetingguide.CodeNormalized)
	ReasonDropped    = ReasonCode(meetingguide.CodeDropped)
	ReasonTruncated  = ReasonCode(meetingguide.CodeTruncated)
	ReasonUnknown    = ReasonCode(meetingguide.CodeUnknown)
)

// Reasons of Hearth's own.
const (
	ReasonNotObject   ReasonCode = "not_object"   // the record is not a JSON object
	ReasonNotWeekly   ReasonCode = "not_weekly"   // no day and time: Hearth lists weekly meetings
	ReasonHearthRule  ReasonCode = "hearth_rule"  // Hearth's rules refuse Field: Key says why
	ReasonGroup       ReasonCode = "group"        // the meeting's Group cannot be made a Hearth group: Field and Key say why
	ReasonLeftOut     ReasonCode = "left_out"     // Fields hold what Hearth does not keep
	ReasonMissing     ReasonCode = "missing"      // no longer in the feed, still listed
	ReasonMissingKept ReasonCode = "missing_kept" // … and kept listed, because the feed holds no meeting Hearth could take
	ReasonDeactivated ReasonCode = "deactivated"  // no longer in the feed, marked inactive
)

// ReasonCodes are every ReasonCode a Report may hold.
var ReasonCodes = []ReasonCode{
	ReasonRequired, ReasonInvalid, ReasonTooLong, ReasonOutOfRange, ReasonDuplicate, ReasonWrongType,
	ReasonDefaulted, ReasonNormalized, ReasonDropped, ReasonTruncated, ReasonUnknown,
	ReasonNotObject, ReasonNotWeekly, ReasonHearthRule, ReasonGroup, ReasonLeftOut,
	ReasonMissing, ReasonMissingKept, ReasonDeactivated,
}

// Reason is one reason of a report's Line: a code, and what it needs to be
// said in any language.
type Reason struct {
	Code ReasonCode
	// Field is the record's field the reason is about (a feed field such
	// as "end_time", or for ReasonHearthRule and ReasonGroup one of
	// Hearth's), or "".
	Field string
	// Group is the group field's value, for ReasonGroup.
	Group string
	// Fields are the fields left out, for ReasonLeftOut.
	Fields []string
	// Key is the catalog key of Hearth's own message, for
	// ReasonHearthRule and ReasonGroup.
	Key string
	// Detail is what exactly the format's check found, in English (it
	// quotes the record's values), or "".
	Detail string
}

// String says the reason in English, as the command line prints it.
func (r Reason) String() string {
	switch r.Code {
	case ReasonNotObject:
		return r.Detail
	case ReasonNotWeekly:
		return "Hearth lists weekly meetings: this one has no day and time (by appointment)"
	case ReasonHearthRule:
		return field(r.Field) + englishOf(r.Key)
	case ReasonGroup:
		return "group " + strconv.Quote(r.Group) + ": " + field(r.Field) + englishOf(r.Key)
	case ReasonLeftOut:
		return "left out what Hearth does not keep: " + strings.Join(r.Fields, ", ")
	case ReasonMissing:
		return "no longer in the feed; still listed (--deactivate-missing marks such meetings inactive)"
	case ReasonMissingKept:
		return "no longer in the feed; still listed, because the feed holds no meeting Hearth could take"
	case ReasonDeactivated:
		return "no longer in the feed; marked inactive"
	}
	return field(r.Field) + r.Detail
}

// Args are the reason's parameters as the catalog's messages name them:
// {field}, {group}, {fields}.
func (r Reason) Args() []any {
	return []any{"field", r.Field, "group", r.Group, "fields", strings.Join(r.Fields, ", ")}
}

// englishOf is Hearth's English message of a catalog key.
func englishOf(key string) string {
	if text := english[key]; text != "" {
		return text
	}
	return key
}

// joinReasons says reasons in English, one after the other.
func joinReasons(rs []Reason) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.String()
	}
	return strings.Join(parts, "; ")
}

func problems(list []meetingguide.Problem) []Reason {
	rs := make([]Reason, len(list))
	for i, p := range list {
		rs[i] = Reason{Code: ReasonCode(p.Code), Field: p.Field, Detail: p.Message}
		if p.Field == "" && p.Code == meetingguide.CodeWrongType {
			rs[i].Code = ReasonNotObject
		}
	}
	return rs
}

func adjustments(as []meetingguide.Adjustment) []Reason {
	rs := make([]Reason, len(as))
	for i, a := range as {
		rs[i] = Reason{Code: ReasonCode(a.Code), Field: a.Field, Detail: a.Message}
	}
	return rs
}

func field(name string) string {
	if name == "" {
		return ""
	}
	return name + ": "
}
