package meetingguide

import (
	"bufio"
	"bytes"
	"encoding/json"
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
	// needs 3.
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
	// Offset is how many bytes of the feed had been read when the fault
	// was found.
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
func (r *Record) Accepted() bool { return len(r.Problems) == 0 }

// Decode reads a feed record by record, without holding more than one
// record in memory, and yields each one, accepted or rejected, in feed
// order. An error that stops the reading (not JSON, not an array, a limit
// passed, a failing reader) is yielded once as a *DecodeError, last. The
// sequence reads r as it goes, so it can be ranged over once.
//
// A record is rejected when it has no name or slug, repeats a slug (see
// below), has a day without a time or a time without a day, an invalid
// time, no address, no time zone (and no Options.DefaultTimeZone), an
// unknown time zone, bad coordinates, or a field of the wrong JSON type.
// Decode mends what it safely can and says so in Record.Adjustments: an
// end time of start + 1 h when none is given, times written "H:MM", URLs
// without a scheme, phones with spaces, a name over 255 characters; it
// leaves out values that cannot be used (a javascript: URL, a phone of
// too few digits, an address that is not email) and in-person-only types
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
	opts    Options
	guard   *guard
	json    *json.Decoder
	clean   cleaner
	claims  claims
	raw     json.RawMessage
	wire    wireMeeting
	index   int // of the next record
	started bool
	done    bool
	err     error
}

func newDecoder(r io.Reader, opts Options) (*decoder, error) {
	opts = opts.withDefaults()
	if opts.DefaultTimeZone != "" && !knownZone(opts.DefaultTimeZone) {
		return nil, fmt.Errorf("meetingguide: default time zone %q is not an IANA time zone", opts.DefaultTimeZone)
	}
	br := bufio.NewReaderSize(r, 32<<10)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3) // a UTF-8 byte order mark, which some servers send
	}
	g := &guard{r: br, max: opts.MaxBytes, maxDepth: opts.MaxDepth, maxString: opts.MaxStringLen}
	d := &decoder{
		opts:  opts,
		guard: g,
		json:  json.NewDecoder(g),
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
	if d.done {
		return Record{}, io.EOF
	}
	if !d.started {
		d.started = true
		tok, err := d.json.Token()
		switch {
		case err == io.EOF:
			return d.fail(-1, fmt.Errorf("%w: the feed is empty", ErrNotArray))
		case err != nil:
			return d.fail(-1, err)
		case tok != json.Delim('['):
			return d.fail(-1, fmt.Errorf("%w: it is %s", ErrNotArray, describeToken(tok)))
		}
	}
	if !d.json.More() {
		if _, err := d.json.Token(); err != nil { // the closing bracket
			return d.fail(d.index, err)
		}
		switch tok, err := d.json.Token(); {
		case err == io.EOF:
		case err != nil:
			return d.fail(-1, err)
		default:
			return d.fail(-1, fmt.Errorf("%w: %s after the array", ErrSyntax, describeToken(tok)))
		}
		d.done = true
		return Record{}, io.EOF
	}
	if d.index >= d.opts.MaxRecords {
		return d.fail(d.index, fmt.Errorf("%w: more than %d", ErrTooManyRecords, d.opts.MaxRecords))
	}
	rec := Record{Index: d.index}
	d.index++

	// encoding/json finds the record and checks its syntax; readRecord
	// reads its fields.
	d.raw = d.raw[:0]
	if err := d.json.Decode(&d.raw); err != nil {
		return d.fail(rec.Index, err)
	}
	d.wire = wireMeeting{}
	w := &d.wire
	rec.Problems = readRecord(d.raw, w)
	if len(rec.Problems) == 1 && rec.Problems[0].Field == "" { // not an object
		return rec, nil
	}
	if cap(d.raw) > 1<<20 {
		d.raw = nil // do not keep a huge record's buffer
	}

	c := &d.clean
	c.adjustments, c.problems = nil, rec.Problems
	c.clean(w, &rec.Meeting)
	rec.Slug = cleanText(w.Slug.s, false)
	rec.Adjustments, rec.Problems = c.adjustments, c.problems
	c.adjustments, c.problems = nil, nil

	// Cleaning has made every URL, email address and phone valid, and
	// encoding/json every string valid UTF-8: validate the rest.
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

// fail makes err the decoder's final error, as a *DecodeError.
func (d *decoder) fail(index int, err error) (Record, error) {
	var de *DecodeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &de):
	case errors.As(err, &se):
		de = &DecodeError{Index: index, Offset: d.guard.n, Err: fmt.Errorf("%w: %s", ErrSyntax, se.Error())}
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		de = &DecodeError{Index: index, Offset: d.guard.n, Err: fmt.Errorf("%w: the feed ends before its array is closed", ErrSyntax)}
	default:
		de = &DecodeError{Index: index, Offset: d.guard.n, Err: err}
	}
	d.err = de
	return Record{}, de
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

// describeToken names a JSON token for a message.
func describeToken(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		switch v {
		case '{':
			return "an object"
		case '[':
			return "an array"
		}
		return fmt.Sprintf("%q", rune(v))
	case string:
		return "a string"
	case float64, json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", tok)
}

// guard passes the feed through to encoding/json while enforcing the
// limits on size, nesting and string length, byte by byte, so that no
// limit is passed before it is noticed. It also follows which record and
// which of its fields the bytes belong to, to name them in errors.
type guard struct {
	r         io.Reader
	max       int64
	maxDepth  int
	maxString int

	n        int64 // bytes passed on
	depth    int
	inString bool
	escaped  bool
	strLen   int
	index    int    // record of the feed's array the bytes are in
	object   bool   // the current record is an object
	wantKey  bool   // the next string at depth 2 is a key
	inKey    bool   // reading a key
	key      []byte // the key being read, up to maxKey bytes
	field    []byte // the record's field the bytes are in
	err      error
}

// maxKey is how much of a field name errors quote.
const maxKey = 64

func (g *guard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	if room := g.max - g.n + 1; int64(len(p)) > room {
		p = p[:room] // one byte more than allowed shows the feed is too large
	}
	n, err := g.r.Read(p)
	allowed := n
	if g.n+int64(n) > g.max {
		allowed = int(g.max - g.n)
	}
	if i, lerr := g.scan(p[:allowed]); lerr != nil {
		g.err = lerr
		g.n += int64(i)
		return i, lerr
	}
	if allowed < n {
		g.err = g.error(allowed, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, g.max))
		g.n += int64(allowed)
		return allowed, g.err
	}
	g.n += int64(n)
	if err != nil && err != io.EOF {
		g.err = &DecodeError{Index: g.index, Offset: g.n, Err: fmt.Errorf("reading the feed: %w", err)}
		return n, g.err
	}
	return n, err
}

// scan follows the structure of p. When a limit is passed, it returns
// where, with the error.
func (g *guard) scan(p []byte) (int, error) {
	for i := 0; i < len(p); i++ {
		if g.inString {
			if g.escaped {
				g.escaped = false
			} else {
				// Most bytes are inside strings: skip to the next quote
				// or backslash at once.
				j := i + indexQuoteOrBackslash(p[i:])
				if g.inKey && len(g.key) < maxKey {
					g.key = append(g.key, p[i:min(j, i+maxKey-len(g.key))]...)
				}
				if g.strLen += j - i; g.strLen > g.maxString {
					return j, g.error(j, fmt.Errorf("%w: longer than %d bytes", ErrStringTooLong, g.maxString))
				}
				if i = j; i == len(p) {
					break
				}
				if p[i] == '"' {
					g.inString = false
					if g.inKey {
						g.inKey = false
						g.field = append(g.field[:0], g.key...)
					}
					continue
				}
				g.escaped = true
			}
			if g.inKey && len(g.key) < maxKey {
				g.key = append(g.key, p[i])
			}
			if g.strLen++; g.strLen > g.maxString {
				return i, g.error(i, fmt.Errorf("%w: longer than %d bytes", ErrStringTooLong, g.maxString))
			}
			continue
		}
		switch c := p[i]; c {
		case '"':
			g.inString, g.strLen = true, 0
			if g.depth == 2 && g.object && g.wantKey {
				g.inKey, g.wantKey, g.key = true, false, g.key[:0]
			}
		case '{', '[':
			if g.depth++; g.depth > g.maxDepth {
				return i, g.error(i, fmt.Errorf("%w: more than %d levels", ErrTooDeep, g.maxDepth))
			}
			if g.depth == 2 {
				g.object, g.wantKey, g.field = c == '{', c == '{', g.field[:0]
			}
		case '}', ']':
			if g.depth--; g.depth <= 1 {
				g.field = g.field[:0]
			}
		case ',':
			switch {
			case g.depth == 1:
				g.index++
			case g.depth == 2 && g.object:
				g.wantKey = true
			}
		}
	}
	return len(p), nil
}

// indexQuoteOrBackslash returns the index of the first quote or backslash
// in p, or len(p).
func indexQuoteOrBackslash(p []byte) int {
	q := bytes.IndexByte(p, '"')
	if q < 0 {
		q = len(p)
	}
	if b := bytes.IndexByte(p[:q], '\\'); b >= 0 {
		return b
	}
	return q
}

// error makes a limit error at byte i of the current read.
func (g *guard) error(i int, err error) error {
	index, field := g.index, string(g.field)
	if g.depth == 0 {
		index = -1
	}
	if g.inKey {
		field = string(g.key)
	}
	return &DecodeError{Index: index, Field: field, Offset: g.n + int64(i), Err: err}
}
