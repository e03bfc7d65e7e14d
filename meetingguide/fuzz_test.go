package meetingguide

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzDecode feeds Decode arbitrary bytes. The decoder must not panic or
// pass its limits; every record it accepts must be valid; and whatever it
// accepts must encode, and decode again to the same meetings.
func FuzzDecode(f *testing.F) {
	for _, name := range []string{"spec-example.json", "varied.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		``, `[]`, `{}`, `[null]`, `[1,"a",true,[],{}]`, `[{}]`, "\xef\xbb\xbf[]", `[{"name":"A"}] x`, `[,]`, `[{},]`,
		record(nil), record(map[string]any{"slug": raw("12"), "day": raw(`[1,"3",5,5,9]`), "end_time": nil}),
		record(map[string]any{"time": "7:5", "end_time": "24:00", "types": "o, D,,X", "approximate": raw("true")}),
		record(map[string]any{"latitude": "41.9", "longitude": raw("-87.6"), "conference_phone": "(312) 555-1234 #"}),
		record(map[string]any{"formatted_address": "Chicago", "approximate": "yes", "conference_url": "zoom.us/j/1", "types": raw(`["BA","TC","O"]`)}),
		record(map[string]any{"entity_url": "example.org", "entity_email": "mailto:a@b.co", "feedback_url": "a@b.co"}),
		record(map[string]any{"name": "\u0000 \t<b>\u2028", "notes": "a\r\nb\rc", "updated": "2026-01-02T03:04:05+07:00"}),
		`[{"name":"A","slug":"a-1","day":1,"time":"10:00","timezone":"UTC","formatted_address":"x"},
		  {"name":"A","slug":"a-3","day":3,"time":"10:00","timezone":"UTC","formatted_address":"x"},
		  {"name":"B","slug":"b","day":[2,4],"time":"10:00","timezone":"UTC","formatted_address":"x"},
		  {"name":"B","slug":"b-6","day":6,"time":"10:00","timezone":"UTC","formatted_address":"x"},
		  {"name":"C","slug":"a-2","day":[1,2],"time":"10:00","timezone":"UTC","formatted_address":"x"}]`,
		`[` + strings.Repeat(`[`, 20) + strings.Repeat(`]`, 20) + `]`,
		`[{"name":"` + strings.Repeat(`\u00e9`, 100) + `"}]`,
	} {
		f.Add([]byte(s))
	}

	opts := Options{MaxBytes: 1 << 16, MaxDepth: 8, MaxStringLen: 512, MaxRecords: 64, DefaultTimeZone: "UTC"}
	f.Fuzz(func(t *testing.T, data []byte) {
		in := &countingReader{r: strings.NewReader(string(data))}
		var accepted []Meeting
		records := 0
		for rec, err := range Decode(in, opts) {
			if err != nil {
				checkDecodeError(t, err)
				break
			}
			if rec.Index != records {
				t.Fatalf("record index %d, want %d", rec.Index, records)
			}
			records++
			if !rec.Accepted() {
				continue
			}
			if p := rec.Meeting.Validate(); p != nil {
				t.Fatalf("accepted an invalid meeting: %v\n%+v", p, rec.Meeting)
			}
			eachText(&rec.Meeting, func(name, value string) {
				// A byte of invalid UTF-8 becomes U+FFFD, three bytes.
				if len(value) > 3*opts.MaxStringLen {
					t.Fatalf("%s is %d bytes", name, len(value))
				}
			})
			accepted = append(accepted, rec.Meeting)
		}
		if records > opts.MaxRecords {
			t.Fatalf("%d records", records)
		}
		if in.n > opts.MaxBytes+1 {
			t.Fatalf("read %d bytes", in.n)
		}

		want := MergeDays(accepted)
		feed := encode(t, Entity{}, want...)
		var again []Meeting
		for rec, err := range Decode(strings.NewReader(feed), Options{}) {
			if err != nil {
				t.Fatalf("reading Hearth's feed: %v\n%s", err, feed)
			}
			if !rec.Accepted() {
				t.Fatalf("Hearth's feed: record %d rejected: %v\n%s", rec.Index, rec.Problems, feed)
			}
			for _, a := range rec.Adjustments {
				if a.Code != CodeUnknown {
					t.Fatalf("Hearth's feed: record %d adjusted: %v\n%s", rec.Index, a, feed)
				}
			}
			again = append(again, rec.Meeting)
		}
		got := MergeDays(again)
		if len(got) != len(want) {
			t.Fatalf("%d meetings, then %d\n%s", len(want), len(got), feed)
		}
		for i := range got {
			if d := diffMeetings(got[i], want[i]); d != "" {
				t.Fatalf("meeting %d changed: %s\n%s", i, d, feed)
			}
		}
	})
}

// checkDecodeError requires a clear error: a *DecodeError wrapping one of
// the package's errors.
func checkDecodeError(t *testing.T, err error) {
	t.Helper()
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("error %v (%T) is not a *DecodeError", err, err)
	}
	for _, e := range []error{ErrSyntax, ErrNotArray, ErrTooLarge, ErrTooDeep, ErrStringTooLong, ErrTooManyRecords} {
		if errors.Is(err, e) {
			return
		}
	}
	t.Fatalf("error %v wraps none of the package's errors", err)
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
