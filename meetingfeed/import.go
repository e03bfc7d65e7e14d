package meetingfeed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"hearth"
	"hearth/i18n"
	"hearth/meetingguide"
)

// ImportStore is what Import needs of the store.
type ImportStore interface {
	ImportMeetings(ctx context.Context, source string, batch []*hearth.Meeting) ([]string, error)
	ImportedMeetingSlugs(ctx context.Context, source string) ([]string, error)
	DeactivateMeetings(ctx context.Context, slugs []string) (int, error)
}

// DefaultSource names the directory a feed comes from when
// ImportOptions.Source does not.
const DefaultSource = "meeting-guide"

// DefaultBatch is how many meetings Import stores per transaction when
// ImportOptions.Batch does not say.
const DefaultBatch = 500

// ImportOptions steer Import. The zero value imports an AA feed.
type ImportOptions struct {
	// Program is the program of the groups Import creates, and the one
	// whose type codes the feed uses; empty means AA.
	Program meetingguide.Program
	// Source names the directory the feed comes from, so that a later
	// import of it can tell which stored meetings it no longer lists;
	// empty means DefaultSource. Keep one name per feed.
	Source string
	// DeactivateMissing marks inactive the meetings an earlier import of
	// Source stored that this feed no longer lists. They are reported
	// either way.
	DeactivateMissing bool
	// DefaultTimeZone is the zone of records that give none; without it
	// they are rejected.
	DefaultTimeZone string
	// MaxBytes bounds the feed; 0 means meetingguide.DefaultMaxBytes
	// (50 MiB). MaxRecords bounds its records; 0 means
	// meetingguide.DefaultMaxRecords (200,000).
	MaxBytes   int64
	MaxRecords int
	// Batch is how many meetings are stored per transaction; 0 means
	// DefaultBatch.
	Batch int
	// TempDir is where a large feed's meetings are kept while it is read
	// and checked, before any is stored (about as much as the feed
	// itself; a feed of a few thousand meetings stays in memory); empty
	// means os.TempDir.
	TempDir string
}

// What a report line says of a record or meeting.
const (
	Rejected    = "rejected"    // not imported, with the reasons
	Adjusted    = "adjusted"    // imported, with what was mended or left out
	Missing     = "missing"     // stored from an earlier import, not in this feed
	Deactivated = "deactivated" // missing, and marked inactive
)

// Line is one record or meeting of a Report.
type Line struct {
	Kind string // Rejected, Adjusted, Missing or Deactivated
	// Index is the record's position in the feed, from 0, or -1 for a
	// meeting that is not in it.
	Index   int
	Slug    string
	Reasons []Reason
}

// Reason says the line's reasons in English.
func (l Line) Reason() string { return joinReasons(l.Reasons) }

func (l Line) String() string {
	return fmt.Sprintf("%-11s %s: %s", l.Kind, l.Slug, l.Reason())
}

// Report says what an import did.
type Report struct {
	Records   int // records read
	Meetings  int // meetings they make (records of one meeting's days merged)
	Created   int
	Updated   int
	Unchanged int
	Rejected  int // records, and meetings Hearth's own rules refused
	Adjusted  int
	Missing   int // meetings of earlier imports not in this feed
	// Deactivated is how many of the missing were marked inactive.
	Deactivated int
	// Lines has a line for every rejected or adjusted record and every
	// missing meeting, in feed order, missing ones last.
	Lines []Line
}

// Summary is the report's counts in one sentence.
func (r *Report) Summary() string {
	return fmt.Sprintf("%d records, %d meetings: %d created, %d updated, %d unchanged; %d rejected, %d adjusted; %d missing, %d marked inactive.",
		r.Records, r.Meetings, r.Created, r.Updated, r.Unchanged, r.Rejected, r.Adjusted, r.Missing, r.Deactivated)
}

// WriteTo writes the summary and then the lines, one each.
func (r *Report) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	b.WriteString(r.Summary() + "\n")
	for _, l := range r.Lines {
		b.WriteString(l.String() + "\n")
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// FeedError is why Import refused a whole feed: it is not JSON, not an
// array, too large or too deeply nested, or could not be read. Nothing
// was stored.
type FeedError struct{ Err error }

func (e *FeedError) Error() string {
	return "the feed was not imported, and nothing changed: " + e.Err.Error()
}

func (e *FeedError) Unwrap() error { return e.Err }

// Import reads a Meeting Guide feed and stores its meetings: each record
// is checked by the format's rules (meetingguide.Decode, which also mends
// what it safely can) and by Hearth's (hearth.Meeting.Validate); the good
// ones are stored, batch by batch, each batch in one transaction, and the
// report names every record rejected or adjusted, with its slug and the
// reasons.
//
// The whole feed is read and checked before anything is stored, so a
// feed that is not JSON, too large or too deep is refused with a
// *FeedError and changes nothing. Meanwhile the accepted records are
// kept aside compactly (in a file under TempDir once there are more than
// a few thousand), so that the memory an import takes grows with the
// feed only by its slugs and its report: some 100 MiB at 120,000
// meetings, where holding the whole feed took a gigabyte.
//
// Meetings are matched by slug: importing the same feed again reports
// them unchanged, and a changed feed updates them. A feed written by Hearth (one record per meeting day, SLUG-DAY)
// is read back as the meetings it was written from. Groups are matched
// by the slug of the group field's name, and created (listed, open, with
// no members yet) when missing; a meeting without a group gets a group of
// its own.
//
// Meetings an earlier import of the same source stored and this feed no
// longer lists are reported as missing, and marked inactive when
// DeactivateMissing is set, unless the feed holds no meeting Hearth could
// take: an empty feed is more likely a mistake than an intergroup that
// closed every meeting. A meeting whose record this feed rejects is not
// missing.
//
// If storing fails half-way, the batches already stored stay stored
// (they were good), nothing is marked inactive, and the error says how
// far the import got.
func Import(ctx context.Context, st ImportStore, r io.Reader, o ImportOptions) (*Report, error) {
	if o.Program == "" {
		o.Program = meetingguide.ProgramAA
	}
	if !o.Program.Known() {
		return nil, fmt.Errorf("unknown program %q", o.Program)
	}
	if o.Source == "" {
		o.Source = DefaultSource
	}
	if o.Batch <= 0 {
		o.Batch = DefaultBatch
	}
	rep := &Report{}

	// First pass: read and check the whole feed, keeping its accepted
	// records aside (compactly, and in a temporary file once there are
	// more than a few thousand) and only what it takes to put a meeting's
	// day records back together; nothing is stored yet.
	sp := &spool{dir: o.TempDir}
	defer sp.close()
	var days meetingguide.DayMerger
	opts := meetingguide.Options{MaxBytes: o.MaxBytes, MaxRecords: o.MaxRecords, DefaultTimeZone: o.DefaultTimeZone, Program: o.Program}
	for rec, err := range meetingguide.Decode(r, opts) {
		if err != nil {
			return nil, &FeedError{Err: err}
		}
		rep.Records++
		if !rec.Accepted() {
			rep.Rejected++
			rep.add(Rejected, rec.Index, recordSlug(rec), problems(rec.Problems)...)
			continue
		}
		reasons := adjustments(rec.Adjustments)
		if dropped := leaveOut(&rec.Meeting); len(dropped) > 0 {
			reasons = append(reasons, Reason{Code: ReasonLeftOut, Fields: dropped})
		}
		if len(reasons) > 0 {
			rep.Adjusted++
			rep.add(Adjusted, rec.Index, recordSlug(rec), reasons...)
		}
		if err := sp.add(&rec.Meeting); err != nil {
			return nil, err
		}
		days.Add(&rec.Meeting)
	}
	if err := sp.done(); err != nil {
		return nil, err
	}
	scan := func(take func(*meetingguide.Meeting)) error {
		return sp.heads(func(_ int, m *meetingguide.Meeting) error { take(m); return nil })
	}
	if err := days.Plan(scan, sp.load); err != nil {
		return nil, err
	}
	rep.Meetings = days.Meetings()

	// The feed is whole and read: now store it, a batch at a time.
	good := 0
	batch := make([]*hearth.Meeting, 0, o.Batch)
	store := func() error {
		outcomes, err := st.ImportMeetings(ctx, o.Source, batch)
		if err != nil {
			return fmt.Errorf("storing meetings %d to %d (those before are stored; nothing was marked inactive): %w",
				good-len(batch)+1, good, err)
		}
		for _, out := range outcomes {
			switch out {
			case hearth.MeetingCreated:
				rep.Created++
			case hearth.MeetingUpdated:
				rep.Updated++
			default:
				rep.Unchanged++
			}
		}
		clear(batch)
		batch = batch[:0]
		return nil
	}
	var storeErr error
	err := sp.each(func(i int, f meetingguide.Meeting) error {
		f, ok := days.Merge(i, f)
		if !ok {
			return nil // one day of a meeting stored with its first
		}
		m := toHearth(&f)
		if reasons := hearthRules(m); len(reasons) > 0 {
			rep.Rejected++
			rep.add(Rejected, -1, f.Slug, reasons...)
			return nil
		}
		m.Group = groupOf(&f, o.Program)
		if err := m.Group.Validate(); err != nil {
			reasons := fieldReasons(err)
			for i := range reasons {
				reasons[i].Code, reasons[i].Group = ReasonGroup, f.Group
			}
			rep.Rejected++
			rep.add(Rejected, -1, f.Slug, reasons...)
			return nil
		}
		good++
		if batch = append(batch, m); len(batch) == o.Batch {
			if storeErr = store(); storeErr != nil {
				return storeErr
			}
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		storeErr = store()
		err = storeErr
	}
	if err != nil {
		sortLines(rep.Lines)
		if storeErr == nil {
			// Reading the kept meetings back failed: those before are
			// stored, as when storing fails.
			err = fmt.Errorf("reading the feed's meetings back after %d stored (nothing was marked inactive): %w", good-len(batch), err)
		}
		return rep, err
	}
	sortLines(rep.Lines)

	// The meetings of earlier imports this feed no longer speaks of,
	// with good records or bad: a meeting whose record is bad this time
	// is not missing.
	stored, err := st.ImportedMeetingSlugs(ctx, o.Source)
	if err != nil {
		return rep, err
	}
	slices.Sort(stored) // the database's order may not be Go's
	inFeed := make([]bool, len(stored))
	mark := func(slug string) {
		if i, ok := slices.BinarySearch(stored, slug); ok {
			inFeed[i] = true
		}
	}
	for _, l := range rep.Lines {
		if l.Kind == Rejected && l.Index >= 0 {
			mark(l.Slug)
			if base, _, ok := daySlug(l.Slug); ok {
				mark(base)
			}
		}
	}
	err = sp.heads(func(i int, m *meetingguide.Meeting) error {
		if slug, ok := days.Slug(i, m.Slug); ok {
			mark(slug)
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	sp.close()
	var missing []string
	for i, slug := range stored {
		if !inFeed[i] {
			missing = append(missing, slug)
		}
	}
	rep.Missing = len(missing)
	kind, reason := Missing, ReasonMissing
	if o.DeactivateMissing && len(missing) > 0 {
		if good == 0 {
			reason = ReasonMissingKept
		} else {
			n, err := st.DeactivateMeetings(ctx, missing)
			if err != nil {
				return rep, err
			}
			rep.Deactivated = n
			kind, reason = Deactivated, ReasonDeactivated
		}
	}
	for _, slug := range missing {
		rep.add(kind, -1, slug, Reason{Code: reason})
	}
	return rep, nil
}

func (r *Report) add(kind string, index int, slug string, reasons ...Reason) {
	r.Lines = append(r.Lines, Line{Kind: kind, Index: index, Slug: slug, Reasons: reasons})
}

// sortLines puts the lines in feed order: records by their index, and
// the meetings Hearth's rules judged (index -1) after them, in the order
// found.
func sortLines(lines []Line) {
	slices.SortStableFunc(lines, func(a, b Line) int {
		ai, bi := a.Index, b.Index
		if ai < 0 {
			ai = 1 << 62
		}
		if bi < 0 {
			bi = 1 << 62
		}
		return ai - bi
	})
}

// recordSlug is a record's slug, or its position when it has none.
func recordSlug(rec meetingguide.Record) string {
	if rec.Slug != "" {
		return rec.Slug
	}
	return "(record " + strconv.Itoa(rec.Index+1) + ", no slug)"
}

// hearthRules checks a meeting by Hearth's own rules, beyond the
// format's, and returns why it is refused, or nothing.
func hearthRules(m *hearth.Meeting) []Reason {
	if len(m.Days) == 0 {
		return []Reason{{Code: ReasonNotWeekly}}
	}
	if err := m.Validate(); err != nil {
		return fieldReasons(err)
	}
	return nil
}

// english is Hearth's English catalog, for the reasons an operator reads.
var english = i18n.Messages("en")

// fieldReasons says what is wrong with each field of an EINVALID error,
// as ReasonHearthRule with the catalog key of Hearth's message.
func fieldReasons(err error) []Reason {
	fields := hearth.ErrorFields(err)
	if len(fields) == 0 {
		var he *hearth.Error
		if errors.As(err, &he) {
			return []Reason{{Code: ReasonHearthRule, Key: he.Message}}
		}
		return []Reason{{Code: ReasonHearthRule, Key: err.Error()}}
	}
	var rs []Reason
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		rs = append(rs, Reason{Code: ReasonHearthRule, Field: name, Key: fields[name]})
	}
	return rs
}

// daySlug splits a slug written for one day of a meeting on several,
// BASE-DAY, into its base and day.
func daySlug(slug string) (base string, day int, ok bool) {
	i := strings.LastIndexByte(slug, '-')
	if i <= 0 || i != len(slug)-2 || slug[i+1] < '0' || slug[i+1] > '6' {
		return "", 0, false
	}
	return slug[:i], int(slug[i+1] - '0'), true
}
