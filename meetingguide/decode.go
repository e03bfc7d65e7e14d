package meetingguide

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
)

// Options limit and steer Decode. The zero value is ready to use.
type Options struct {
	// MaxBytes is the largest feed accepted, in bytes; 0 means 50 MiB.
	MaxBytes int64
	// MaxDepth is the deepest nesting of arrays and objects accepted,
	// counting the feed's own array as 1; 0 means 32. A meeting record
	// needs 3, the least allowed.
	MaxDepth int
	// MaxStringLen is the longest JSON string accepted, in bytes as
	// written; 0 means 64 KiB.
	MaxStringLen int
	// MaxRecords is the most records accepted; 0 means 200,000.
	MaxRecords int
	// DefaultTimeZone is the time zone of records that give none, as a
	// page showing the feed would assume. Without it, such records are
	// rejected.
	DefaultTimeZone string
	// Program is the program whose type codes the feed uses; the empty
	// Program means Meeting Guide's codes. Unknown codes are kept, with an
	// adjustment.
	Program Program
	// Types are more type codes to treat as known, for instance the
	// proposed ones read with ReadTypes.
	Types []Type
}

// Default limits.
const (
	DefaultMaxBytes     = 50 << 20
	DefaultMaxDepth     = 32
	DefaultMaxStringLen = 64 << 10
	DefaultMaxRecords   = 200_000
)

func (o Options) withDefaults() Options {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.MaxDepth < 3 {
		o.MaxDepth = 3
	}
	if o.MaxStringLen <= 0 {
		o.MaxStringLen = DefaultMaxStringLen
	}
	if o.MaxRecords <= 0 {
		o.MaxRecords = DefaultMaxRecords
	}
	return o
}

// Errors that stop decoding; a *DecodeError wraps one of them (or an
// error of the underlying reader). Test with errors.Is.
var (
	ErrSyntax         = errors.New("the feed is not valid JSON")
	ErrNotArray       = errors.New("the feed is not a JSON array of meetings")
	ErrTooLarge       = errors.New("the feed is too large")
	ErrTooDeep        = errors.New("the feed nests arrays or objects too deep")
	ErrStringTooLong  = errors.New("the feed has a string that is too long")
	ErrTooManyRecords = errors.New("the feed has too many records")
)

// DecodeError is an error that stopped Decode: the feed is not JSON, not
// an array, goes past a limit, or could not be read.
type DecodeError struct {
	// Index is the position in the feed's array of the record at fault,
	// from 0, or -1 when the fault is outside any record.
	Index int
	// Field is the record's field at fault, when known.
	Field string
	// Offset is where in the feed the fault was found, in bytes.
	Offset int64
	Err    error
}

func (e *DecodeError) Error() string {
	var b bytes.Buffer
	b.WriteString("meetingguide: ")
	if e.Index >= 0 {
		fmt.Fprintf(&b, "record %d: ", e.Index)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, "field %q: ", e.Field)
	}
	b.WriteString(e.Err.Error())
	fmt.Fprintf(&b, " (at byte %d)", e.Offset)
	return b.String()
}

func (e *DecodeError) Unwrap() error { return e.Err }

// Record is one record of a feed as Decode read it: accepted, with the
// cleaned meeting and what was adjusted to get it, or rejected, with the
// reasons.
type Record struct {
	// Index is the record's position in the feed's array, from 0.
	Index int
	// Slug is the record's slug as the feed gave it (an integer slug as
	// its digits), or "" when it gave none.
	Slug string
	// Meeting is the cleaned meeting; for a rejected record, as much of it
	// as could be read.
	Meeting Meeting
	// Adjustments are the changes made to the record.
	Adjustments []Adjustment
	// Problems are why the record was rejected; none when it was accepted.
	Problems []Problem
}

// Accepted reports whether the record was accepted.
func (r Record) Accepted() bool { return len(r.Problems) == 0 }

// Decode reads a feed record by record and yields each one, accepted or
// rejected, in feed order. It holds one record at a time, and the slugs
// seen so far. An error that stops the reading (not JSON, not an array, a
// limit passed, a failing reader) is yielded once as a *DecodeError, last;
// an invalid Options.DefaultTimeZone is yielded as an error before
// anything is read. The sequence reads r as it goes, so it can be ranged
// over once.
//
// A record is rejected when it has no name or slug, repeats a slug (see
// below), has a day without a time or a time without a day, an invalid
// time, no address, no time zone (and no Options.DefaultTimeZone), an
// unknown time zone, bad coordinates, or a field of the wrong JSON type.
// Decode mends what it safely can and says so in Record.Adjustments: an
// end time of start + 1 h when none is given, times written "H:MM", URLs
// without a scheme, phones with spaces, a name over 255 characters; it
// leaves out values that cannot be used (a javascript: URL, a phone of
// too few digits, an email address that is not one) and in-person-only types
// of an online meeting; it keeps unknown type codes.
//
// Slugs must be unique, and more: a meeting on several days (a day array)
// also occupies SLUG-DAY for each of its days, as Hearth writes it, and a
// one-day record whose slug is BASE-DAY cannot sit beside a several-day
// meeting BASE. Later records that collide are rejected, so that
// everything Decode accepts can be written back by an Encoder and read
// again to the same meetings (with MergeDays).
func Decode(r io.Reader, opts Options) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		d, err := newDecoder(r, opts)
		if err != nil {
			yield(Record{}, err)
			return
		}
		for {
			rec, err := d.next()
			if err == io.EOF {
				return
			}
			if !yield(rec, err) || err != nil {
				return
			}
		}
	}
}

// Feed is a whole feed read by DecodeAll.
type Feed struct {
	// Meetings are the accepted meetings in feed order, with the per-day
	// records of a meeting on several days put back together (MergeDays).
	Meetings []Meeting
	// Rejected are the rejected records, with their problems.
	Rejected []Record
	// Adjusted are the accepted records that were adjusted, with their
	// adjustments; their Meeting is left zero (it is in Meetings).
	Adjusted []Record
}

// DecodeAll reads a whole feed into memory: Decode, then MergeDays.
func DecodeAll(r io.Reader, opts Options) (*Feed, error) {
	f := new(Feed)
	for rec, err := range Decode(r, opts) {
		if err != nil {
			return nil, err
		}
		switch {
		case !rec.Accepted():
			f.Rejected = append(f.Rejected, rec)
		default:
			f.Meetings = append(f.Meetings, rec.Meeting)
			if len(rec.Adjustments) > 0 {
				rec.Meeting = Meeting{}
				f.Adjusted = append(f.Adjusted, rec)
			}
		}
	}
	f.Meetings = MergeDays(f.Meetings)
	return f, nil
}

// decoder is the state of one Decode.
type decoder struct {
	opts   Options
	frame  *framer
	clean  cleaner
	claims claims
	wire   wireMeeting
	err    error
}

func newDecoder(r io.Reader, opts Options) (*decoder, error) {
	opts = opts.withDefaults()
	if opts.DefaultTimeZone != "" && !knownZone(opts.DefaultTimeZone) {
		return nil, fmt.Errorf("meetingguide: default time zone %q is not an IANA time zone", opts.DefaultTimeZone)
	}
	d := &decoder{
		opts:  opts,
		frame: newFramer(r, opts),
		clean: cleaner{table: tableFor(opts.Program), defaultZone: opts.DefaultTimeZone},
	}
	if len(opts.Types) > 0 {
		d.clean.extra = make(map[string]bool, len(opts.Types))
		for _, t := range opts.Types {
			d.clean.extra[t.Code] = true
		}
	}
	return d, nil
}

// next returns the next record, io.EOF after the last, or the error that
// stopped the reading.
func (d *decoder) next() (Record, error) {
	if d.err != nil {
		return Record{}, d.err
	}
	raw, err := d.frame.next()
	if err == io.EOF {
		return Record{}, io.EOF
	}
	if err != nil {
		return d.fail(err)
	}
	rec := Record{Index: d.frame.index - 1}
	if rec.Index >= d.opts.MaxRecords {
		return d.fail(&DecodeError{Index: rec.Index, Offset: d.frame.start,
			Err: fmt.Errorf("%w: more than %d", ErrTooManyRecords, d.opts.MaxRecords)})
	}

	d.wire = wireMeeting{}
	w := &d.wire
	rec.Problems = readRecord(raw, w) // w now holds copies
	if cap(d.frame.rec) > 1<<20 {
		d.frame.rec = nil // do not keep a huge record's buffer
	}
	if len(rec.Problems) == 1 && rec.Problems[0].Field == "" { // not an object
		return rec, nil
	}

	c := &d.clean
	c.adjustments, c.problems = nil, rec.Problems
	c.clean(w, &rec.Meeting)
	rec.Slug = cleanText(w.Slug.s, false)
	rec.Adjustments, rec.Problems = c.adjustments, c.problems
	c.adjustments, c.problems = nil, nil

	// Cleaning has made every URL, email address and phone valid, and
	// every string is valid UTF-8: validate the rest.
	v := validator{cleaned: true}
	v.meeting(&rec.Meeting)
	rec.Problems = mergeProblems(rec.Problems, v.problems)
	if len(rec.Problems) == 0 {
		if p, ok := d.claims.claim(&rec.Meeting, rec.Index, "record"); !ok {
			rec.Problems = append(rec.Problems, p)
		}
	}
	return rec, nil
}

// fail makes err the decoder's final error.
func (d *decoder) fail(err error) (Record, error) {
	d.err = err
	return Record{}, err
}

// mergeProblems adds to the problems found while cleaning those found by
// validation, except for fields that already have one.
func mergeProblems(cleaning, validation []Problem) []Problem {
	out := cleaning
	for _, p := range validation {
		dup := false
		for _, q := range cleaning {
			if q.Field == p.Field {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, p)
		}
	}
	return out
}
