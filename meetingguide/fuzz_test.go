package meetingguide

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
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

	f.Fuzz(func(t *testing.T, data []byte) { checkRoundTrip(t, data) })
}

// fuzzOptions are small limits, so that fuzzing reaches them.
var fuzzOptions = Options{MaxBytes: 1 << 16, MaxDepth: 8, MaxStringLen: 512, MaxRecords: 64, DefaultTimeZone: "UTC"}

// checkRoundTrip decodes data with fuzzOptions and checks the limits, the
// validity of what was accepted, and that it encodes and decodes again to
// the same meetings.
func checkRoundTrip(t *testing.T, data []byte) {
	opts := fuzzOptions
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
	checkDayMerger(t, accepted, want)
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
}

// TestRoundTripGenerated runs the fuzz target's checks on feeds made of
// field values, valid and not, that byte-level fuzzing rarely reaches.
func TestRoundTripGenerated(t *testing.T) {
	values := map[string][]string{
		"name":               {`"Lunch Bunch"`, `" Padded "`, `"\u0000ctl\n"`, `""`, `12`, `"` + strings.Repeat("é", 300) + `"`},
		"slug":               {`"a"`, `"a-1"`, `"a-3"`, `"a-5"`, `"b"`, `"a-1-1"`, `7`, `"7"`, `"x y"`, `""`, `1.5`},
		"day":                {`1`, `3`, `5`, `[1,3]`, `[3,1,3]`, `"2"`, `[]`, `9`, `[0,9]`, `null`, `"x"`},
		"time":               {`"12:00"`, `"7:05"`, `"23:30"`, `"12:00:00"`, `"25:00"`, `""`},
		"end_time":           {`"13:00"`, `"12:00"`, `"24:00"`, `"00:30"`, `"06:00"`, `"x"`},
		"timezone":           {`"America/Chicago"`, `"UTC"`, `"Nowhere"`, `""`},
		"formatted_address":  {`"1 Elm St, Springfield"`, `"Springfield, IL"`, `""`},
		"city":               {`"Springfield"`},
		"approximate":        {`"yes"`, `"no"`, `true`, `"maybe"`},
		"latitude":           {`41.9`, `"41.87811"`, `0`, `91`, `""`, `"n"`},
		"longitude":          {`-87.6`, `0`, `-200`},
		"regions":            {`["A","B","C"]`, `["A"]`, `"A"`, `[" ",""]`, `[1]`},
		"region":             {`"R"`, `""`},
		"sub_region":         {`"S"`},
		"conference_url":     {`"https://zoom.us/j/1"`, `"zoom.us/j/1"`, `"javascript:x"`, `""`},
		"conference_phone":   {`"+1 312 555 1234,,9#"`, `"555"`, `13125551234`},
		"types":              {`["O","D"]`, `["o","BA","X","TC","NEW"]`, `"O, D"`, `["O","O"]`, `[1]`, `{}`},
		"updated":            {`"2026-01-02 03:04:05"`, `"2026-01-02T03:04:05Z"`, `"bad"`, `"0000-01-01T00:00:00+01:00"`},
		"url":                {`"https://example.org/m"`, `"example.org/m"`, `"ftp://x"`},
		"feedback_url":       {`"a@example.org"`, `"mailto:a@example.org"`, `"https://example.org/f"`},
		"feedback_emails":    {`["a@example.org","a@example.org"]`, `"a@example.org, nope"`},
		"entity":             {`"Intergroup"`, `""`},
		"entity_url":         {`"https://example.org"`, `"example.org"`},
		"entity_website_url": {`"https://other.example.org"`},
		"entity_email":       {`"mailto:info@example.org"`, `"nope"`},
		"contact_2_email":    {`"c@example.org"`, `"c at example"`},
		"contact_1_phone":    {`5551234`, `"555-1234"`},
		"notes":              {`"Line one\r\nLine two"`, `null`, `["x"]`},
	}
	// Slugs and days go in pairs, so that some records are the day records
	// of one meeting.
	slugDays := [][2]string{
		{`"a-1"`, `1`}, {`"a-3"`, `3`}, {`"a-5"`, `5`}, {`"a"`, `[1,3]`}, {`"a"`, `2`}, {`"b"`, `[2,4]`},
		{`"b-6"`, `6`}, {`"a-1-1"`, `1`}, {`"a-1-2"`, `2`}, {`7`, `0`}, {`"7"`, `0`}, {`"x y"`, `1`},
	}
	keys := slices.Sorted(maps.Keys(values))
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(k string) string {
		vs := values[k]
		if rng.IntN(4) == 0 {
			return vs[rng.IntN(len(vs))]
		}
		return vs[0]
	}
	for n := range 3000 {
		// The records of a feed share a base, and differ a little.
		base := make(map[string]string)
		for _, k := range keys {
			switch k {
			case "name", "time", "timezone", "formatted_address":
				base[k] = pick(k)
			default:
				if rng.IntN(4) == 0 {
					base[k] = pick(k)
				}
			}
		}
		var b strings.Builder
		b.WriteString("[")
		for r := range 1 + rng.IntN(6) {
			fields := maps.Clone(base)
			sd := slugDays[rng.IntN(len(slugDays))]
			fields["slug"], fields["day"] = sd[0], sd[1]
			if rng.IntN(3) == 0 {
				k := keys[rng.IntN(len(keys))]
				fields[k] = values[k][rng.IntN(len(values[k]))]
			}
			if rng.IntN(10) == 0 {
				delete(fields, keys[rng.IntN(len(keys))])
			}
			if r > 0 {
				b.WriteString(",")
			}
			b.WriteString("{")
			for i, k := range slices.Sorted(maps.Keys(fields)) {
				if i > 0 {
					b.WriteString(",")
				}
				fmt.Fprintf(&b, "%q:%s", k, fields[k])
			}
			b.WriteString("}")
		}
		b.WriteString("]")
		t.Run(strconv.Itoa(n), func(t *testing.T) { checkRoundTrip(t, []byte(b.String())) })
		if t.Failed() {
			t.Fatalf("feed:\n%s", b.String())
		}
	}
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

// checkDayMerger checks that a DayMerger merges ms as MergeDays did, to
// want.
func checkDayMerger(t *testing.T, ms, want []Meeting) {
	t.Helper()
	var dm DayMerger
	for i := range ms {
		dm.Add(&ms[i])
	}
	scan := func(take func(*Meeting)) error {
		for i := range ms {
			take(&ms[i])
		}
		return nil
	}
	if err := dm.Plan(scan, func(i int) (Meeting, error) { return ms[i], nil }); err != nil {
		t.Fatal(err)
	}
	var got []Meeting
	for i, m := range ms {
		if m, ok := dm.Merge(i, m); ok {
			got = append(got, m)
		}
	}
	if len(got) != len(want) || dm.Meetings() != len(want) {
		t.Fatalf("DayMerger: %d meetings (Meetings() %d), MergeDays %d", len(got), dm.Meetings(), len(want))
	}
	for i := range got {
		if d := diffMeetings(got[i], want[i]); d != "" {
			t.Fatalf("DayMerger, meeting %d:\n%s", i, d)
		}
	}
}
