package sqlite

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"hearth"
	"hearth/meetingfeed"
	"hearth/sqlstore"
	"hearth/vault"
)

// TestFeedCacheRestored checks that the feed of every meeting, which reads
// through a small page cache, gives the read connection its cache back,
// whether the feed ends or stops half-way.
func TestFeedCacheRestored(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hearth.db")
	if err := Migrate(ctx, path); err != nil {
		t.Fatal(err)
	}
	write, read, err := openPools(ctx, path, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer write.Close()
	defer read.Close()
	keys, err := vault.Generate()
	if err != nil {
		t.Fatal(err)
	}
	// One connection, the write pool's, for every read too, so that the
	// connection whose cache is asked about is the feed's.
	st := sqlstore.New(sqlstore.Config{Write: write, Dialect: Dialect(), Keys: keys})
	cacheSize := func() int64 {
		var n int64
		if err := write.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	want := cacheSize()
	if want == -2000 || want == 0 {
		t.Fatalf("cache_size is %d before the feed: the test tells nothing", want)
	}
	err = st.EachListedMeeting(ctx, 0, func(*hearth.Meeting) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if got := cacheSize(); got != want {
		t.Errorf("after the feed, cache_size = %d, want %d", got, want)
	}
	feed, err := os.Open("../testdata/meeting-guide.json")
	if err != nil {
		t.Fatal(err)
	}
	defer feed.Close()
	if _, err := meetingfeed.Import(ctx, st, feed, meetingfeed.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	err = st.EachListedMeeting(cancelled, 0, func(*hearth.Meeting) error { cancel(); return cancelled.Err() })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("a feed cancelled half-way: %v", err)
	}
	if got := cacheSize(); got != want {
		t.Errorf("after a feed cancelled half-way, cache_size = %d, want %d", got, want)
	}
}
