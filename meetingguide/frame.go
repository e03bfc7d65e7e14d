package meetingguide

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// framer cuts a feed into its records. It reads the feed once, through a
// fixed buffer, and holds only the record being read; as it goes it
// enforces the limits on size, nesting and string length, so that no limit
// is passed before it is noticed, and follows which record and which of
// its fields the bytes belong to, to name them in errors. It checks the
// array's own punctuation; encoding/json checks each record's syntax.
type framer struct {
	r         io.Reader
	max       int64
	maxDepth  int
	maxString int

	buf      []byte
	pos, end int   // unread bytes are buf[pos:end]
	base     int64 // offset in the feed of buf[0]
	eof      bool  // r has no more bytes (or the size limit is reached)
	over     bool  // the feed goes on past max
	readErr  error

	state int
	bom   int // bytes of a byte order mark skipped
	index int // of the record being read or expected

	rec      []byte // the record so far
	start    int64  // offset of the record's first byte
	kind     byte   // the record's first byte
	depth    int    // nesting, counting the feed's array as 1
	inString bool
	escaped  bool
	strLen   int
	object   bool   // the record is an object
	wantKey  bool   // the next string at depth 2 is a key
	inKey    bool   // reading a key
	key      []byte // the key being read, up to maxKey bytes
	field    []byte // the record's field being read
}

// Where the framer is in the feed.
const (
	beforeArray = iota // before the opening bracket
	firstValue         // after it: a record or the closing bracket
	nextValue          // after a comma: a record
	inRecord
	afterValue // after a record: a comma or the closing bracket
	afterArray // after the closing bracket: nothing but spaces
	finished
)

// maxKey is how much of a field name errors quote.
const maxKey = 64

func newFramer(r io.Reader, opts Options) *framer {
	return &framer{r: r, max: opts.MaxBytes, maxDepth: opts.MaxDepth, maxString: opts.MaxStringLen, buf: make([]byte, 64<<10)}
}

// next returns the next record's JSON, checked by encoding/json, or io.EOF
// after the last one. The bytes are valid until the following call.
func (f *framer) next() ([]byte, error) {
	for {
		if f.pos == f.end {
			if err := f.fill(); err != nil {
				return nil, err
			}
			if f.pos == f.end {
				return nil, f.atEnd()
			}
		}
		switch f.state {
		case beforeArray:
			if err := f.openArray(); err != nil {
				return nil, err
			}
		case firstValue, nextValue, afterValue, afterArray:
			if err := f.between(); err != nil {
				return nil, err
			}
		case inRecord:
			done, err := f.record()
			if err != nil {
				return nil, err
			}
			if done {
				return f.finishRecord()
			}
		case finished:
			return nil, io.EOF
		}
	}
}

// fill reads more of the feed when buf is used up.
func (f *framer) fill() error {
	if f.eof {
		if f.over {
			return f.error(0, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, f.max))
		}
		return f.readErr
	}
	f.base += int64(f.end)
	f.pos, f.end = 0, 0
	for tries := 0; f.end == 0 && !f.eof; tries++ {
		if tries == 100 {
			return &DecodeError{Index: f.errIndex(), Offset: f.base, Err: fmt.Errorf("reading the feed: %w", io.ErrNoProgress)}
		}
		// Read no more than one byte past the limit.
		n, err := f.r.Read(f.buf[:min(int64(len(f.buf)), f.max-f.base+1)])
		f.end = n
		if err == io.EOF {
			f.eof = true
		} else if err != nil {
			f.eof = true
			f.readErr = &DecodeError{Index: f.errIndex(), Offset: f.base + int64(n), Err: fmt.Errorf("reading the feed: %w", err)}
		}
	}
	if f.base+int64(f.end) > f.max {
		f.end = int(f.max - f.base)
		f.eof, f.over = true, true
	}
	if f.end == 0 {
		return f.fill() // report what ended the feed
	}
	return nil
}

// atEnd says what the end of the feed means where the framer is.
func (f *framer) atEnd() error {
	switch f.state {
	case beforeArray:
		return f.error(0, fmt.Errorf("%w: the feed is empty", ErrNotArray))
	case afterArray, finished:
		f.state = finished
		return io.EOF
	}
	return f.error(0, fmt.Errorf("%w: the feed ends before its array is closed", ErrSyntax))
}

// openArray reads up to the feed's opening bracket.
func (f *framer) openArray() error {
	for ; f.pos < f.end; f.pos++ {
		c := f.buf[f.pos]
		if f.bom < 3 && f.base+int64(f.pos) == int64(f.bom) && c == "\xef\xbb\xbf"[f.bom] {
			f.bom++ // a UTF-8 byte order mark, which some servers send
			continue
		}
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		case '[':
			f.pos++
			f.state, f.depth = firstValue, 1
			return nil
		}
		var what string
		switch {
		case c == '{':
			what = "an object"
		case c == '"':
			what = "a string"
		case c == 't' || c == 'f':
			what = "a boolean"
		case c == 'n':
			what = "null"
		case c == '-' || '0' <= c && c <= '9':
			what = "a number"
		default:
			return f.error(0, fmt.Errorf("%w: it starts with %q", ErrSyntax, rune(c)))
		}
		return f.error(0, fmt.Errorf("%w: it is %s", ErrNotArray, what))
	}
	return nil
}

// between reads the array's punctuation between records.
func (f *framer) between() error {
	for ; f.pos < f.end; f.pos++ {
		c := f.buf[f.pos]
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		}
		switch f.state {
		case afterArray:
			return f.error(0, fmt.Errorf("%w: more data after the array", ErrSyntax))
		case afterValue:
			switch c {
			case ',':
				f.state = nextValue
				continue
			case ']':
				f.state, f.depth = afterArray, 0
				continue
			}
			return f.error(0, fmt.Errorf("%w: %q after record %d, where a comma or ] belongs", ErrSyntax, rune(c), f.index-1))
		}
		if c == ']' {
			if f.state == nextValue {
				return f.error(0, fmt.Errorf("%w: a comma before ]", ErrSyntax))
			}
			f.state, f.depth = afterArray, 0
			continue
		}
		if c == ',' {
			return f.error(0, fmt.Errorf("%w: a comma where a record belongs", ErrSyntax))
		}
		f.state, f.kind = inRecord, c
		f.rec, f.start = f.rec[:0], f.base+int64(f.pos)
		f.object, f.wantKey, f.inKey, f.field = false, false, false, f.field[:0]
		return nil
	}
	return nil
}

// record reads the current record's bytes, reporting when it is complete.
func (f *framer) record() (done bool, err error) {
	from := f.pos
	defer func() { f.rec = append(f.rec, f.buf[from:f.pos]...) }()
	switch f.kind {
	case '{', '[':
	case '"':
		if f.pos == from && len(f.rec) == 0 {
			f.pos++ // the opening quote
			f.inString, f.strLen = true, 0
		}
		if err := f.readString(); err != nil || f.inString {
			return false, err
		}
		return true, nil
	default: // a number or literal: up to the next delimiter
		for ; f.pos < f.end; f.pos++ {
			switch f.buf[f.pos] {
			case ',', ']', ' ', '\t', '\n', '\r':
				return true, nil
			}
		}
		return false, nil
	}
	for f.pos < f.end {
		if f.inString {
			if err := f.readString(); err != nil {
				return false, err
			}
			continue
		}
		c := f.buf[f.pos]
		f.pos++
		switch c {
		case '"':
			f.inString, f.strLen = true, 0
			if f.depth == 2 && f.object && f.wantKey {
				f.inKey, f.wantKey, f.key = true, false, f.key[:0]
			}
		case '{', '[':
			if f.depth++; f.depth > f.maxDepth {
				return false, f.error(-1, fmt.Errorf("%w: more than %d levels", ErrTooDeep, f.maxDepth))
			}
			if f.depth == 2 {
				f.object, f.wantKey = c == '{', c == '{'
			}
		case '}', ']':
			if f.depth--; f.depth <= 1 {
				f.depth = 1
				return true, nil
			}
		case ',':
			if f.depth == 2 && f.object {
				f.wantKey = true
			}
		}
	}
	return false, nil
}

// readString reads inside a string, up to its closing quote or the end of
// the buffer.
func (f *framer) readString() error {
	for f.pos < f.end {
		if f.escaped {
			f.escaped = false
			f.strByte()
			f.pos++
		} else {
			// Most bytes are inside strings: skip to the next quote or
			// backslash at once.
			rest := f.buf[f.pos:f.end]
			j := indexQuoteOrBackslash(rest)
			if f.inKey && len(f.key) < maxKey {
				f.key = append(f.key, rest[:min(j, maxKey-len(f.key))]...)
			}
			if f.strLen += j; f.strLen > f.maxString {
				f.pos += j
				return f.error(0, fmt.Errorf("%w: longer than %d bytes", ErrStringTooLong, f.maxString))
			}
			if f.pos += j; f.pos == f.end {
				return nil
			}
			if f.buf[f.pos] == '"' {
				f.pos++
				f.inString = false
				if f.inKey {
					f.inKey = false
					f.field = append(f.field[:0], f.key...)
				}
				return nil
			}
			f.escaped = true
			f.strByte()
			f.pos++
		}
		if f.strLen > f.maxString {
			return f.error(-1, fmt.Errorf("%w: longer than %d bytes", ErrStringTooLong, f.maxString))
		}
	}
	return nil
}

// strByte counts the string byte at f.pos, keeping it if it is a key's.
func (f *framer) strByte() {
	f.strLen++
	if f.inKey && len(f.key) < maxKey {
		f.key = append(f.key, f.buf[f.pos])
	}
}

// finishRecord checks the record's syntax and hands it out.
func (f *framer) finishRecord() ([]byte, error) {
	f.state = afterValue
	f.index++
	if !json.Valid(f.rec) {
		var raw json.RawMessage
		err := json.Unmarshal(f.rec, &raw)
		offset := f.start
		if se, ok := err.(*json.SyntaxError); ok {
			offset += se.Offset
		}
		f.index--
		return nil, &DecodeError{Index: f.index, Offset: offset, Err: fmt.Errorf("%w: %v", ErrSyntax, err)}
	}
	return f.rec, nil
}

// errIndex is the record an error belongs to, or -1 outside the array.
func (f *framer) errIndex() int {
	switch f.state {
	case beforeArray, afterArray, finished:
		return -1
	}
	return f.index
}

// error makes an error at the byte delta from f.pos.
func (f *framer) error(delta int, err error) error {
	field := string(f.field)
	if f.inKey {
		field = string(f.key)
	}
	if f.state != inRecord {
		field = ""
	}
	return &DecodeError{Index: f.errIndex(), Field: field, Offset: f.base + int64(f.pos+delta), Err: err}
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
