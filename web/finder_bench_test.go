package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"hearth"
	"hearth/credential"
	"hearth/crisis"
	"hearth/sqlstore/storetest/testdb"
)

// BenchmarkFinder times the finder's page and its JSON twin, handler and
// rendering included, over a SQLite store of 400 meetings around Chicago:
// a page of 20 results near the city, today.
func BenchmarkFinder(b *testing.B) {
	ctx := context.Background()
	store := testdb.SQLite(b, nil).Store
	owner := &hearth.Account{Handle: "bench.0001", DisplayName: "Bench", Language: "en", TimeZone: "America/Chicago", Role: hearth.RoleMember}
	if err := store.CreateAccount(ctx, hearth.NewAccount{Account: owner, PasswordHash: "x"}); err != nil {
		b.Fatal(err)
	}
	g := &hearth.Group{Slug: "bench", Name: "Bench Group", Program: "aa", TimeZone: "America/Chicago",
		Visibility: hearth.GroupListed, JoinPolicy: hearth.JoinOpen, Languages: []string{"en", "es"}}
	if err := store.CreateGroup(ctx, g, owner.ID); err != nil {
		b.Fatal(err)
	}
	for i := range 400 {
		m := &hearth.Meeting{GroupID: g.ID, Slug: fmt.Sprintf("bench-%d", i), Name: fmt.Sprintf("Bench Meeting %d", i),
			Days: []time.Weekday{time.Weekday(i % 7), time.Weekday((i + 3) % 7)}, Start: fmt.Sprintf("%02d:%02d", 6+i%16, i%4*15),
			End: fmt.Sprintf("%02d:%02d", 7+i%16, i%4*15), TimeZone: "America/Chicago",
			Venue: "Hall", Address: fmt.Sprintf("%d Main St", i), City: "Chicago", Region: "IL", Country: "US",
			Point: &hearth.LatLon{Lat: 41.85 + float64(i%20)/200, Lon: -87.65 + float64(i/20)/200},
			Types: []string{"O", "D", "X"}, ConferenceURL: "https://meet.example.org/x"}
		if err := store.CreateMeeting(as(owner), m); err != nil {
			b.Fatal(err)
		}
	}
	hasher, err := credential.NewHasher(credential.HasherConfig{})
	if err != nil {
		b.Fatal(err)
	}
	dir, err := crisis.Load("")
	if err != nil {
		b.Fatal(err)
	}
	s, err := NewServer(Config{}, Deps{Store: store, Hasher: hasher, Crisis: dir})
	if err != nil {
		b.Fatal(err)
	}
	for _, path := range []string{"/meetings?place=Chicago&day=today", "/api/v1/meetings?place=Chicago&day=today"} {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				w := httptest.NewRecorder()
				s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
				if w.Code != http.StatusOK {
					b.Fatalf("%s: %d", path, w.Code)
				}
			}
		})
	}
}
