package meetingguide

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// wireMeeting is one record as the feed spells it, filled by readRecord.
// The fields whose JSON type varies between feeds use the tolerant types
// below, which never fail but remember what they saw, so that cleaning can
// say exactly what was wrong with which field.
type wireMeeting struct {
	Name                 string
	Slug                 wireText
	Day                  wireDays
	Time                 string
	EndTime              string
	TimeZone             string
	FormattedAddress     string
	Address              string
	City                 string
	State                string
	PostalCode           wireText
	Country              string
	Approximate          wireYesNo
	Latitude             wireFloat
	Longitude            wireFloat
	Location             string
	LocationNotes        string
	Notes                string
	Region               string
	SubRegion            string
	Regions              wireList
	ConferenceURL        string
	ConferenceURLNotes   string
	ConferencePhone      wireText
	ConferencePhoneNotes string
	Types                wireList
	Updated              string
	URL                  string
	EditURL              string
	FeedbackURL          string
	FeedbackEmails       wireList
	Group                string
	GroupNotes           string
	Venmo                string
	Square               string
	PayPal               string
	HomegroupOnline      string
	Entity               string
	EntityEmail          string
	EntityLocation       string
	EntityLogo           string
	EntityPhone          wireText
	EntityWebsiteURL     string
	EntityURL            string
	EntityFeedbackEmails wireList
	Contact1Name         string
	Contact1Email        string
	Contact1Phone        wireText
	Contact2Name         string
	Contact2Email        string
	Contact2Phone        wireText
	Contact3Name         string
	Contact3Email        string
	Contact3Phone        wireText
}

// jsonKind names the JSON type of a raw value, for messages.
func jsonKind(b []byte) string {
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// unquote returns the text of a raw JSON string. Strings without escapes
// are taken as they are; others go through encoding/json, which also
// replaces invalid UTF-8 as it does for every other field.
func unquote(b []byte) string {
	in := b[1 : len(b)-1]
	if bytes.IndexByte(in, '\\') < 0 && utf8.Valid(in) {
		return string(in)
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return "" // cannot happen: the decoder has checked the syntax
	}
	return s
}

// isInteger reports whether a raw JSON number is an integer literal.
func isInteger(b []byte) bool {
	if len(b) > 0 && b[0] == '-' {
		b = b[1:]
	}
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// wireText is text that some feeds write as a JSON integer: slugs, postal
// codes, phone numbers.
type wireText struct {
	s   string
	bad string // the JSON type seen, when it was neither a string nor an integer
}

func (t *wireText) set(b []byte) {
	*t = wireText{}
	switch {
	case b[0] == 'n':
	case b[0] == '"':
		t.s = unquote(b)
	case isInteger(b):
		t.s = string(b)
	default:
		t.bad = jsonKind(b)
		if t.bad == "a number" {
			t.bad = "a number that is not an integer"
		}
	}
}

// wireDays is "day": an integer, an array of integers, or (in some feeds)
// the same written as strings. Values are kept as given, in range or not.
type wireDays struct {
	days    []int
	strings bool // some value was a numeric string
	bad     string
}

func (d *wireDays) set(b []byte) {
	*d = wireDays{}
	if b[0] == 'n' {
		return
	}
	if b[0] != '[' {
		d.add(b)
		return
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(b, &elems); err != nil {
		d.bad = "an array that cannot be read"
		return
	}
	for _, e := range elems {
		if len(e) > 0 && e[0] == '[' {
			d.bad = "an array of arrays"
			return
		}
		d.add(e)
	}
}

// add reads one day value.
func (d *wireDays) add(b []byte) {
	if d.bad != "" {
		return
	}
	raw := b
	if b[0] == '"' {
		d.strings = true
		raw = []byte(strings.TrimSpace(unquote(b)))
	}
	if !isInteger(raw) {
		d.bad = jsonKind(b)
		if b[0] == '"' {
			d.bad = "a string that is not a day number"
		}
		return
	}
	d.days = append(d.days, smallInt(raw))
}

// smallInt reads an integer literal, giving values too large to be a day
// as math.MaxInt32.
func smallInt(b []byte) int {
	neg := b[0] == '-'
	if neg {
		b = b[1:]
	}
	n := 0
	for _, c := range b {
		if n = n*10 + int(c-'0'); n > math.MaxInt32 {
			return math.MaxInt32
		}
	}
	if neg {
		return -n
	}
	return n
}

// wireFloat is a coordinate: a number, or a number written as a string.
type wireFloat struct {
	v     float64
	given bool
	bad   string
}

func (f *wireFloat) set(b []byte) {
	*f = wireFloat{}
	raw := string(b)
	switch b[0] {
	case 'n':
		return
	case '"':
		raw = strings.TrimSpace(unquote(b))
		if raw == "" {
			return
		}
	case '{', '[', 't', 'f':
		f.bad = jsonKind(b)
		return
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		f.bad = jsonKind(b) + " that is not a finite number"
		return
	}
	f.v, f.given = v, true
}

// wireYesNo is "approximate": "yes" or "no", and in some feeds a boolean.
type wireYesNo struct {
	yes bool
	bad string
}

func (y *wireYesNo) set(b []byte) {
	*y = wireYesNo{}
	switch b[0] {
	case 'n':
		return
	case 't', 'f':
		y.yes = b[0] == 't'
		return
	case '"':
		switch s := strings.ToLower(strings.TrimSpace(unquote(b))); s {
		case "":
		case "yes", "true", "1":
			y.yes = true
		case "no", "false", "0":
		default:
			y.bad = strconv.Quote(s)
		}
		return
	}
	y.bad = jsonKind(b)
}

// wireList is an array of strings; some feeds write a single string
// instead, which cleaning splits where the field allows.
type wireList struct {
	items  []string
	string bool // given as a single string
	bad    string
}

func (l *wireList) set(b []byte) {
	*l = wireList{}
	switch b[0] {
	case 'n':
		return
	case '"':
		l.items, l.string = []string{unquote(b)}, true
		return
	case '[':
	default:
		l.bad = jsonKind(b)
		return
	}
	if items, ok := simpleStrings(b); ok {
		l.items = items
		return
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(b, &elems); err != nil {
		l.bad = "an array that cannot be read"
		return
	}
	for _, e := range elems {
		switch e[0] {
		case 'n':
		case '"':
			l.items = append(l.items, unquote(e))
		default:
			l.bad = "an array holding " + jsonKind(e)
			l.items = nil
			return
		}
	}
}

// simpleStrings reads an array of strings without escapes, the common
// case, without a second pass through encoding/json. It reports false for
// anything else.
func simpleStrings(b []byte) ([]string, bool) {
	var items []string
	i := 1
	skip := func() {
		for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
			i++
		}
	}
	skip()
	if i < len(b) && b[i] == ']' {
		return nil, true
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return nil, false
		}
		end := bytes.IndexByte(b[i+1:], '"')
		if end < 0 {
			return nil, false
		}
		s := b[i+1 : i+1+end]
		if bytes.IndexByte(s, '\\') >= 0 || !utf8.Valid(s) {
			return nil, false
		}
		items = append(items, string(s))
		i += end + 2
		skip()
		if i >= len(b) {
			return nil, false
		}
		switch b[i] {
		case ']':
			return items, true
		case ',':
			i++
			skip()
		default:
			return nil, false
		}
	}
}
