// Command wisdom measures the library of coping strategies at scale: a
// search in natural language over -n strategies (50,000 by default) on
// SQLite and PostgreSQL.
//
//	go run ./bench/wisdom [-n 50000] [-q 300] [-postgres URL]
//
// The library is generated from the demo's 43 strategies (demo.StrategyTexts),
// each copy with a few words drawn from a vocabulary of both languages
// added to its body and its situations shuffled, so that the index holds
// many distinct texts; a fifth of them get "this helped me" marks. Each
// kind of query is then timed -q times in process through the store
// (Store.Strategies), after warming up: the English and Spanish questions
// of the issue by relevance, one-word searches, a situation's most
// helpful (the library's default page) and the dashboard's "What helps
// right now?" (a situation, five strategies). Nothing asserts a time: it
// prints p50 and p99 (see bench/README.md).
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"hearth"
	"hearth/bench/internal/benchkit"
	"hearth/demo"
	"hearth/sqlstore"
)

const pgDatabase = "hearth_bench_wisdom"

func main() {
	n := flag.Int("n", 50_000, "strategies in the library")
	q := flag.Int("q", 300, "times each query is run")
	pg := flag.String("postgres", "", "also run on a fresh database on this PostgreSQL server (a postgres:// URL of a role that may create databases)")
	flag.Parse()
	if err := run(*n, *q, *pg); err != nil {
		fmt.Fprintln(os.Stderr, "wisdom:", err)
		os.Exit(1)
	}
}

func run(n, q int, pg string) error {
	ctx := context.Background()
	fmt.Println("machine:", benchkit.Machine())
	fmt.Println("date:   ", time.Now().UTC().Format(time.RFC3339))
	return benchkit.OnEachDatabase(ctx, "hearth-bench-wisdom-", pg, pgDatabase, func(db benchkit.Database) error {
		return measure(ctx, db.Name, db.Store, n, q)
	})
}

// vocabulary are words added to generated strategies, both languages.
var vocabulary = strings.Fields(`walk call friend sponsor tea water breathe sleep night morning meeting phone
	write journal kitchen music garden dog bike shower book prayer meditation list timer plan window
	caminar llamar amiga madrina agua respirar dormir noche mañana reunión teléfono escribir diario
	cocina música jardín perro bicicleta ducha libro oración meditación lista reloj plan ventana`)

func measure(ctx context.Context, name string, st *sqlstore.Store, n, q int) error {
	fmt.Printf("\n== %s, %d strategies\n", name, n)
	start := time.Now()
	members, err := fill(ctx, st, n)
	if err != nil {
		return err
	}
	fmt.Printf("filled in %s\n", time.Since(start).Round(time.Second))
	reader := members[0]
	queries := []struct {
		label string
		f     hearth.StrategyFilter
	}{
		{"\"what helps with cravings at night?\" (en, relevance)", hearth.StrategyFilter{Query: "What helps with cravings at night?", Language: "en", Sort: hearth.SortRelevance}},
		{"\"¿qué ayuda con los antojos de noche?\" (es, relevance)", hearth.StrategyFilter{Query: "¿Qué ayuda con los antojos de noche?", Language: "es", Sort: hearth.SortRelevance}},
		{"\"grief\" (en, relevance)", hearth.StrategyFilter{Query: "grief", Language: "en", Sort: hearth.SortRelevance}},
		{"\"no puedo dormir\" (es, most helpful)", hearth.StrategyFilter{Query: "no puedo dormir", Language: "es"}},
		{"situation craving, most helpful (library page)", hearth.StrategyFilter{Tag: "craving", Language: "en"}},
		{"situation night, 5 most helpful (dashboard)", hearth.StrategyFilter{Tag: "night", Language: "es", Limit: 5}},
		{"everything, newest (library page)", hearth.StrategyFilter{Language: "en", Sort: hearth.SortNewest}},
	}
	for _, qq := range queries {
		var lat []time.Duration
		found := 0
		for i := range q + q/10 {
			t0 := time.Now()
			list, _, err := st.Strategies(reader, qq.f)
			d := time.Since(t0)
			if err != nil {
				return fmt.Errorf("%s: %w", qq.label, err)
			}
			found = len(list)
			if i >= q/10 { // the first tenth warms up
				lat = append(lat, d)
			}
		}
		slices.Sort(lat)
		fmt.Printf("%-58s p50 %6.2f ms  p99 %6.2f ms  (%d shown)\n", qq.label,
			ms(benchkit.Percentile(lat, 50)), ms(benchkit.Percentile(lat, 99)), found)
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// fill writes n strategies by 200 members through the store, and marks
// a fifth of them helped by up to three members each.
func fill(ctx context.Context, st *sqlstore.Store, n int) ([]context.Context, error) {
	stamp := time.Now().UnixNano() % 1000000
	var members []context.Context
	for i := range 200 {
		a := &hearth.Account{Handle: fmt.Sprintf("wisdom-%d.%04d", stamp, i), DisplayName: "Member", Language: "en", TimeZone: "UTC", Role: hearth.RoleMember}
		if err := st.CreateAccount(ctx, hearth.NewAccount{Account: a, PasswordHash: "not-a-hash"}); err != nil {
			return nil, err
		}
		members = append(members, hearth.NewContextWithAccount(ctx, a))
	}
	base := demo.StrategyTexts()
	// Eight writers: PostgreSQL takes them at once; SQLite queues them on
	// its one writing connection.
	const writers = 8
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		rng := rand.New(rand.NewPCG(1, uint64(w)))
		wg.Go(func() {
			for i := w; i < n; i += writers {
				s := base[i%len(base)]
				extra := make([]string, 3+rng.IntN(5))
				for k := range extra {
					extra[k] = vocabulary[rng.IntN(len(vocabulary))]
				}
				s.Body += "\n\n" + strings.Join(extra, " ") + "."
				s.Tags = slices.Clone(s.Tags)
				rng.Shuffle(len(s.Tags), func(a, b int) { s.Tags[a], s.Tags[b] = s.Tags[b], s.Tags[a] })
				author := rng.IntN(len(members))
				if err := st.CreateStrategy(members[author], &s); err != nil {
					errs <- err
					return
				}
				if i%5 == 0 {
					for k := range 1 + rng.IntN(3) {
						who := (author + 1 + k) % len(members)
						if err := st.MarkHelped(members[who], s.ID, true); err != nil {
							errs <- err
							return
						}
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
	return members, nil
}
