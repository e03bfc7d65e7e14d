package meetingguide

import (
	"bytes"
	"fmt"
)

// readRecord fills w from the JSON of one record, which encoding/json's
// scanner has already found well-formed. It matches field names exactly,
// ignores fields the format does not have, and returns a problem for each
// field of the wrong JSON type (or one for a record that is not an
// object).
func readRecord(b []byte, w *wireMeeting) []Problem {
	r := recordReader{b: b}
	r.skipSpace()
	if r.i >= len(b) || b[r.i] != '{' {
		kind := jsonKind(b[r.i:])
		if kind == "null" {
			return []Problem{{Code: CodeWrongType, Message: "the record is null, not an object"}}
		}
		return []Problem{{Code: CodeWrongType, Message: fmt.Sprintf("the record is %s, not an object", kind)}}
	}
	r.i++
	for {
		r.skipSpace()
		if r.i >= len(b) || b[r.i] == '}' {
			return r.problems
		}
		if b[r.i] == ',' {
			r.i++
			continue
		}
		key := r.value()
		r.skipSpace()
		if r.i < len(b) && b[r.i] == ':' {
			r.i++
		}
		r.skipSpace()
		v := r.value()
		if len(key) < 2 || len(v) == 0 {
			return r.problems // cannot happen in checked JSON
		}
		if bytes.IndexByte(key, '\\') >= 0 {
			r.field(w, []byte(unquote(key)), v)
		} else {
			r.field(w, key[1:len(key)-1], v)
		}
	}
}

// recordReader walks one record.
type recordReader struct {
	b        []byte
	i        int
	problems []Problem
}

func (r *recordReader) skipSpace() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// value returns the JSON value at r.i and moves past it.
func (r *recordReader) value() []byte {
	b, start := r.b, r.i
	if start >= len(b) {
		return nil
	}
	switch b[start] {
	case '"':
		r.i = stringEnd(b, start)
	case '{', '[':
		depth := 0
		for r.i < len(b) {
			switch b[r.i] {
			case '"':
				r.i = stringEnd(b, r.i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
			r.i++
			if depth == 0 {
				break
			}
		}
	default:
		for r.i < len(b) {
			switch b[r.i] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return b[start:r.i]
			}
			r.i++
		}
	}
	return b[start:min(r.i, len(b))]
}

// stringEnd returns the index just after the JSON string starting at i.
func stringEnd(b []byte, i int) int {
	for i++; i < len(b); {
		i += indexQuoteOrBackslash(b[i:])
		if i >= len(b) {
			break
		}
		if b[i] == '"' {
			return i + 1
		}
		i += 2 // a backslash and the character it escapes
	}
	return len(b)
}

// str sets a text field, which must be a string or null.
func (r *recordReader) str(dst *string, key, v []byte) {
	switch v[0] {
	case '"':
		*dst = unquote(v)
	case 'n':
		*dst = ""
	default:
		r.problems = append(r.problems, Problem{Field: string(key), Code: CodeWrongType, Message: "want a string, got " + jsonKind(v)})
	}
}

// field sets the field key of w to the JSON value v.
func (r *recordReader) field(w *wireMeeting, key, v []byte) {
	switch string(key) {
	case "name":
		r.str(&w.Name, key, v)
	case "slug":
		w.Slug.set(v)
	case "day":
		w.Day.set(v)
	case "time":
		r.str(&w.Time, key, v)
	case "end_time":
		r.str(&w.EndTime, key, v)
	case "timezone":
		r.str(&w.TimeZone, key, v)
	case "formatted_address":
		r.str(&w.FormattedAddress, key, v)
	case "address":
		r.str(&w.Address, key, v)
	case "city":
		r.str(&w.City, key, v)
	case "state":
		r.str(&w.State, key, v)
	case "postal_code":
		w.PostalCode.set(v)
	case "country":
		r.str(&w.Country, key, v)
	case "approximate":
		w.Approximate.set(v)
	case "latitude":
		w.Latitude.set(v)
	case "longitude":
		w.Longitude.set(v)
	case "location":
		r.str(&w.Location, key, v)
	case "location_notes":
		r.str(&w.LocationNotes, key, v)
	case "notes":
		r.str(&w.Notes, key, v)
	case "region":
		r.str(&w.Region, key, v)
	case "sub_region":
		r.str(&w.SubRegion, key, v)
	case "regions":
		w.Regions.set(v)
	case "conference_url":
		r.str(&w.ConferenceURL, key, v)
	case "conference_url_notes":
		r.str(&w.ConferenceURLNotes, key, v)
	case "conference_phone":
		w.ConferencePhone.set(v)
	case "conference_phone_notes":
		r.str(&w.ConferencePhoneNotes, key, v)
	case "types":
		w.Types.set(v)
	case "updated":
		r.str(&w.Updated, key, v)
	case "url":
		r.str(&w.URL, key, v)
	case "edit_url":
		r.str(&w.EditURL, key, v)
	case "feedback_url":
		r.str(&w.FeedbackURL, key, v)
	case "feedback_emails":
		w.FeedbackEmails.set(v)
	case "group":
		r.str(&w.Group, key, v)
	case "group_notes":
		r.str(&w.GroupNotes, key, v)
	case "venmo":
		r.str(&w.Venmo, key, v)
	case "square":
		r.str(&w.Square, key, v)
	case "paypal":
		r.str(&w.PayPal, key, v)
	case "homegroup_online":
		r.str(&w.HomegroupOnline, key, v)
	case "entity":
		r.str(&w.Entity, key, v)
	case "entity_email":
		r.str(&w.EntityEmail, key, v)
	case "entity_location":
		r.str(&w.EntityLocation, key, v)
	case "entity_logo":
		r.str(&w.EntityLogo, key, v)
	case "entity_phone":
		w.EntityPhone.set(v)
	case "entity_website_url":
		r.str(&w.EntityWebsiteURL, key, v)
	case "entity_url":
		r.str(&w.EntityURL, key, v)
	case "entity_feedback_emails":
		w.EntityFeedbackEmails.set(v)
	case "contact_1_name":
		r.str(&w.Contact1Name, key, v)
	case "contact_1_email":
		r.str(&w.Contact1Email, key, v)
	case "contact_1_phone":
		w.Contact1Phone.set(v)
	case "contact_2_name":
		r.str(&w.Contact2Name, key, v)
	case "contact_2_email":
		r.str(&w.Contact2Email, key, v)
	case "contact_2_phone":
		w.Contact2Phone.set(v)
	case "contact_3_name":
		r.str(&w.Contact3Name, key, v)
	case "contact_3_email":
		r.str(&w.Contact3Email, key, v)
	case "contact_3_phone":
		w.Contact3Phone.set(v)
	}
}
