package meetingfeed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"hearth/meetingguide"
	"hearth/sqlstore/storetest/testdb"
)

// severalDays is a feed as Hearth writes it: n meetings, most on several
// days (a record per day, SLUG-DAY), some on one.
func severalDays(t *testing.T, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := meetingguide.NewEncoder(&buf, meetingguide.Entity{})
	for i := range n {
		m := meetingguide.Meeting{
			Name: fmt.Sprint("Meeting ", i), Slug: fmt.Sprint("meeting-", i), Time: "19:00", EndTime: "20:00",
			TimeZone: "America/Chicago", FormattedAddress: fmt.Sprint(i, " Elm St, Springfield, IL 62701, USA"),
			Days: []time.Weekday{time.Weekday(i % 7)}, Types: []string{"O"}, Group: fmt.Sprint("Group ", i/3),
		}
		if i%4 != 0 {
			m.Days = append(m.Days, time.Weekday((i+2)%7), time.Weekday((i+4)%7))
		}
		if err := enc.Encode(m); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestImportSpooled imports a feed whose records outgrow the spool's
// memory, so that they are kept in a temporary file between the passes:
// the import does what it does in memory, puts each meeting's days back
// together, and leaves no file behind, whether it succeeds or the feed
// turns out bad at its very end.
func TestImportSpooled(t *testing.T) {
	feed := severalDays(t, 120)
	ctx := context.Background()
	clock := func() time.Time { return time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC) }

	inMemory := testdb.SQLite(t, clock).Store
	want, err := Import(ctx, inMemory, bytes.NewReader(feed), ImportOptions{Batch: 7})
	if err != nil {
		t.Fatal(err)
	}
	if want.Meetings != 120 || want.Created != 120 || want.Records <= 240 || len(want.Lines) != 0 {
		t.Fatalf("in memory: %s %v", want.Summary(), want.Lines)
	}

	defer func(n int) { spoolMemory = n }(spoolMemory)
	spoolMemory = 2 << 10
	dir := t.TempDir()
	st := testdb.SQLite(t, clock).Store
	got, err := Import(ctx, st, bytes.NewReader(feed), ImportOptions{Batch: 7, TempDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("through a file: %s\nwant %s", got.Summary(), want.Summary())
	}
	m, err := st.FindMeetingBySlug(ctx, "meeting-5")
	if err != nil {
		t.Fatal(err)
	}
	if days := []time.Weekday{0, 2, 5}; !slices.Equal(m.Days, days) {
		t.Errorf("meeting-5 meets on %v, want %v", m.Days, days)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) > 0 {
		t.Errorf("the import left %v", left)
	}

	again, err := Import(ctx, st, bytes.NewReader(feed), ImportOptions{Batch: 7, TempDir: dir})
	if err != nil || again.Unchanged != 120 || again.Created+again.Updated != 0 {
		t.Errorf("again: %v %s", err, again.Summary())
	}

	bad := append(bytes.TrimSuffix(bytes.TrimSpace(feed), []byte("]")), []byte(`,{"name": }]`)...)
	fresh := testdb.SQLite(t, clock).Store
	_, err = Import(ctx, fresh, bytes.NewReader(bad), ImportOptions{TempDir: dir})
	var fe *FeedError
	if !errors.As(err, &fe) {
		t.Fatalf("a feed broken at its end: %v, want a FeedError", err)
	}
	if slugs, err := fresh.ImportedMeetingSlugs(ctx, DefaultSource); err != nil || len(slugs) != 0 {
		t.Errorf("a bad feed stored %d meetings (%v)", len(slugs), err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) > 0 {
		t.Errorf("the refused import left %v", left)
	}

	// A temporary folder that cannot be used stops the import before it
	// stores anything.
	_, err = Import(ctx, fresh, bytes.NewReader(feed), ImportOptions{TempDir: filepath.Join(dir, "missing")})
	if err == nil {
		t.Fatal("an import without a usable temporary folder succeeded")
	}
	if slugs, _ := fresh.ImportedMeetingSlugs(ctx, DefaultSource); len(slugs) != 0 {
		t.Errorf("stored %d meetings without a temporary folder", len(slugs))
	}
}
