package sqlstore_test

import (
	"context"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"hearth"
	"hearth/sqlstore"
	"hearth/sqlstore/storetest/testdb"
)

// BenchmarkJournalSearch times SearchEntries over three years of daily
// entries (1,096 of about 1,200 characters, half in Spanish with its
// accents), for a page of 20: opening every entry with the member's key,
// folding it and matching it in memory. "rare" and "none" look through
// the whole journal; "common" stops when a page is full. It runs on
// SQLite, and on PostgreSQL when HEARTH_TEST_POSTGRES is set. See
// bench/README.md, "Journal search (issue 5)".
func BenchmarkJournalSearch(b *testing.B) {
	stores := map[string]func(testing.TB) *sqlstore.Store{"sqlite": testdb.MustOpenSQLite}
	if os.Getenv(testdb.PostgresEnv) != "" {
		stores["postgres"] = testdb.MustOpenPostgres
	}
	for name, open := range stores {
		b.Run(name, func(b *testing.B) {
			store := open(b)
			ctx := context.Background()
			a := &hearth.Account{Handle: "bench.0001", DisplayName: "Bench", Language: "es", TimeZone: "America/Chicago", Role: hearth.RoleMember}
			if err := store.CreateAccount(ctx, hearth.NewAccount{Account: a, PasswordHash: "x"}); err != nil {
				b.Fatal(err)
			}
			ctx = hearth.NewContextWithAccount(ctx, a)
			today := hearth.Date{Year: 2026, Month: time.November, Day: 23}
			rng := rand.New(rand.NewPCG(1, 2))
			const days = 3*365 + 1
			for i := range days {
				j := &hearth.JournalEntry{On: today.AddDays(-i), Body: journalText(rng, i%2 == 0, 1200)}
				if i%3 == 0 {
					j.Title = journalText(rng, i%2 == 0, 30)
				}
				if i == days/2 {
					j.Body += " Hoy llamé a Ximena."
				}
				if err := store.CreateEntry(ctx, j, today); err != nil {
					b.Fatal(err)
				}
			}
			for _, q := range []struct{ name, query string }{
				{"common", "meeting"},          // in most entries: the first page fills early
				{"rare", "ximena"},             // in one entry, half way back
				{"none", "sponsor zanzibar"},   // in none: every entry is opened
				{"accents", "reunión difícil"}, // both words, accents folded
			} {
				b.Run(q.name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						if _, _, err := store.SearchEntries(ctx, q.query, hearth.JournalPage{Limit: 20}); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

var (
	wordsEN = strings.Fields(`today I went to the meeting and shared about my week it was hard but I called my
		sponsor after work we talked for an hour I feel grateful for the people in the rooms tomorrow I will
		go again the craving came in the evening so I took a walk and made tea slept well last night my sister
		visited we cooked dinner together work was busy I noticed I was angry and tired and lonely HALT helped`)
	wordsES = strings.Fields(`hoy fui a la reunión y compartí sobre mi semana fue difícil pero llamé a mi madrina
		después del trabajo hablamos una hora me siento agradecida por la gente del grupo mañana volveré el
		antojo llegó en la tarde así que caminé y preparé té dormí bien anoche mi hermana vino de visita
		cocinamos juntas el trabajo estuvo pesado noté que estaba enojada cansada y sola me ayudó mucho`)
)

// journalText is about n characters of plausible journal, in Spanish or
// English.
func journalText(rng *rand.Rand, spanish bool, n int) string {
	words := wordsEN
	if spanish {
		words = wordsES
	}
	var b strings.Builder
	for b.Len() < n {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[rng.IntN(len(words))])
		if rng.IntN(12) == 0 {
			b.WriteString(".\n")
		}
	}
	return b.String()
}
