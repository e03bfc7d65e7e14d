// Command messages measures private messages at load: -conversations
// conversations (2,000 by default) between pairs of members who share a
// group, each pair writing back and forth, a message every -every on
// average (10 s: 200 messages a second over all of them), for -d. Every
// send is a transaction that reads the conversation, opens its key with
// the sender's data key, seals the body, writes it, and records a
// notification and a live event for the other member. It prints the send
// latency percentiles against the target (p99 < 30 ms), then the
// same with every conversation writing as fast as the store answers (the
// capacity).
//
//	go run ./bench/messages [-conversations 2000] [-every 10s] [-d 20s] [-postgres URL]
//
// On SQLite the database is a file in a temporary folder; with -postgres
// URL (a role that may create databases) the same runs go to a fresh
// database hearth_bench_messages on that server. Nothing asserts a time
// (see bench/README.md).
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"hearth"
	"hearth/bench/internal/benchkit"
	"hearth/sqlstore"
)

const (
	targetP99  = 30 * time.Millisecond
	pgDatabase = "hearth_bench_messages"
)

func main() {
	n := flag.Int("conversations", 2000, "conversations writing at once")
	every := flag.Duration("every", 10*time.Second, "how often each conversation sends a message, on average")
	d := flag.Duration("d", 20*time.Second, "how long each run lasts")
	pg := flag.String("postgres", "", "also run on a fresh database on this PostgreSQL server")
	flag.Parse()
	if err := run(*n, *every, *d, *pg); err != nil {
		fmt.Fprintln(os.Stderr, "messages:", err)
		os.Exit(1)
	}
}

func run(n int, every, d time.Duration, pg string) error {
	ctx := context.Background()
	fmt.Println("machine:", benchkit.Machine())
	fmt.Println("date:   ", time.Now().UTC().Format(time.RFC3339), " load:", benchkit.LoadAverage())
	return benchkit.OnEachDatabase(ctx, "hearth-bench-messages-", pg, pgDatabase, func(db benchkit.Database) error {
		return measure(ctx, db.Name, db.Store, n, every, d)
	})
}

// pair is one conversation and the contexts of its two members.
type pair struct {
	id   int64
	side [2]context.Context
}

func measure(ctx context.Context, name string, st *sqlstore.Store, n int, every, d time.Duration) error {
	fmt.Printf("\n== %s: %d conversations\n", name, n)
	start := time.Now()
	pairs, err := setUp(ctx, st, n)
	if err != nil {
		return err
	}
	fmt.Printf("set up in %v\n", time.Since(start).Round(time.Millisecond))
	lat, errs := load(pairs, st, every, d)
	fmt.Printf("a message every %v per conversation (%.0f/s offered): %s  target p99 < %v: %s\n",
		every, float64(n)/every.Seconds(), summary(lat, d), targetP99, verdict(len(lat) > 0 && benchkit.Percentile(lat, 99) < targetP99, errs))
	lat, errs = load(pairs, st, 0, d/2)
	fmt.Printf("as fast as it answers (capacity): %s%s\n", summary(lat, d/2), errText(errs))
	return nil
}

// setUp makes the members, one group they all belong to, and the
// conversations, each with a first message.
func setUp(ctx context.Context, st *sqlstore.Store, n int) ([]pair, error) {
	stamp := time.Now().UnixNano() % 1000000
	member := func(i int) (context.Context, *hearth.Account, error) {
		a := &hearth.Account{Handle: fmt.Sprintf("bench-%d.%05d", stamp, i), DisplayName: "Member", Language: "en", TimeZone: "UTC", Role: hearth.RoleMember}
		if err := st.CreateAccount(ctx, hearth.NewAccount{Account: a, PasswordHash: "not-a-hash"}); err != nil {
			return nil, nil, err
		}
		return hearth.NewContextWithAccount(ctx, a), a, nil
	}
	owner, oa, err := member(2 * n)
	if err != nil {
		return nil, err
	}
	g := &hearth.Group{Slug: fmt.Sprintf("bench-%d", stamp), Name: "Bench", Program: "aa", TimeZone: "UTC",
		Visibility: hearth.GroupListed, JoinPolicy: hearth.JoinOpen, Languages: []string{"en"}}
	if err := st.CreateGroup(owner, g, oa.ID); err != nil {
		return nil, err
	}
	pairs := make([]pair, n)
	for i := range pairs {
		var as [2]*hearth.Account
		for s := range 2 {
			c, a, err := member(2*i + s)
			if err != nil {
				return nil, err
			}
			if err := st.AddGroupMember(ctx, g.ID, a.ID, hearth.GroupMember); err != nil {
				return nil, err
			}
			pairs[i].side[s], as[s] = c, a
		}
		conv, err := st.StartConversation(pairs[i].side[0], as[1].ID)
		if err != nil {
			return nil, err
		}
		pairs[i].id = conv.ID
	}
	return pairs, nil
}

// load has every conversation send for d, each a message every "every"
// on average (exponential gaps), or back to back when every is 0, the
// two members taking turns, and neither sending again within
// hearth.MessageInterval of their last (the store would refuse it); it
// returns the latencies, sorted, and the errors by code.
func load(pairs []pair, st *sqlstore.Store, every, d time.Duration) ([]time.Duration, map[string]int) {
	var mu sync.Mutex
	var all []time.Duration
	errs := map[string]int{}
	var wg sync.WaitGroup
	end := time.Now().Add(d)
	for i, p := range pairs {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(i), 7))
			var mine []time.Duration
			bad := map[string]int{}
			turn := 0
			var last [2]time.Time
			for {
				if every > 0 {
					time.Sleep(time.Duration(r.ExpFloat64() * float64(every)))
				}
				if wait := hearth.MessageInterval - time.Since(last[turn]); wait > 0 {
					time.Sleep(wait + time.Millisecond)
				}
				if time.Now().After(end) {
					break
				}
				t0 := time.Now()
				_, err := st.SendMessage(p.side[turn], p.id, "Thinking of you today. Call me after the meeting if you like.")
				if err != nil {
					bad[hearth.ErrorCode(err)]++
					continue
				}
				mine = append(mine, time.Since(t0))
				// The store's clock read as the send began, or later.
				last[turn] = time.Now()
				turn = 1 - turn
			}
			mu.Lock()
			all = append(all, mine...)
			for k, v := range bad {
				errs[k] += v
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	slices.Sort(all)
	return all, errs
}

func summary(s []time.Duration, d time.Duration) string {
	if len(s) == 0 {
		return "no messages sent"
	}
	return fmt.Sprintf("%d sent (%.0f/s)  p50 %v  p90 %v  p99 %v  max %v", len(s), float64(len(s))/d.Seconds(),
		benchkit.Percentile(s, 50).Round(10*time.Microsecond), benchkit.Percentile(s, 90).Round(10*time.Microsecond),
		benchkit.Percentile(s, 99).Round(10*time.Microsecond), s[len(s)-1].Round(10*time.Microsecond))
}

func verdict(ok bool, errs map[string]int) string {
	word := "FAIL"
	if ok {
		word = "pass"
	}
	return word + errText(errs)
}

func errText(errs map[string]int) string {
	if len(errs) == 0 {
		return ""
	}
	return fmt.Sprintf("  (refused: %v)", errs)
}
