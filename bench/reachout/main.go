// Command reachout measures "I need support now" end to end: a member
// taps the button (POST /support, as the page's form does) and each of the
// 20 people their plan names is told over their open live-event stream
// (GET /events), while 1,000 other signed-in members hold idle streams on
// the same server.
//
//	go run ./bench/reachout [-rounds 20] [-idle 1000] [-postgres URL]
//
// Setup, on SQLite (a file in a temporary folder) and then, with -postgres
// URL (a role that may create databases), on a fresh PostgreSQL database
// hearth_bench_reachout: the store, the in-process event hub and
// web.NewServer on a loopback port with the http.Server settings of
// `hearth serve`. The members and their relationships are made through the
// store's own services, as the pages make them: 20 recipients, of whom ten
// offer to sponsor (a count of six years and a profile in AA, room for ten
// sponsees) and the other ten are in partnerships; two groups, each owned
// by one recipient with the other nine of its half as trusted servants.
// Each sender has one of the ten as their sponsor (a request accepted),
// three of the others as accountability partners (an invitation
// accepted), belongs to both groups, and has a plan naming their sponsor,
// their partners and both groups: exactly the 20, from all three sources.
// Every member has a session, made as signing in makes one; the cookie is
// what a browser would send.
//
// A member may reach out once in hearth.ReachOutInterval (5 minutes), so
// each round is a different sender (-rounds senders), one after another;
// the limit is the product's, untouched.
//
// A round: the time is noted just before the sender's POST /support goes
// out; each recipient's stream notes when its "reach_out" event for the
// reach-out the answer's redirect names arrives. Latency is the difference
// (the same clock: one process). After each round every recipient's
// notifications (GET /api/v1/notifications) must hold the reach-out. The
// program prints p50, p99 and max over all rounds and recipients and how
// many were delivered. Nothing asserts a time: the figures go into
// bench/README.md beside the target (p99 < 1 s).
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"hearth"
	"hearth/bench/internal/benchkit"
	"hearth/credential"
	"hearth/sqlstore"
	"hearth/web"
)

const (
	targetP99  = time.Second
	recipients = 20
	pgDatabase = "hearth_bench_reachout"
	// cookieName is the session cookie of a server on plain HTTP.
	cookieName = "hearth_session"
)

func main() {
	rounds := flag.Int("rounds", 20, "reach-outs sent, one after another, each by a different sender to the same 20")
	idle := flag.Int("idle", 1000, "other signed-in members holding idle streams")
	gap := flag.Duration("gap", time.Second, "quiet between rounds")
	pg := flag.String("postgres", "", "also run on a fresh database on this PostgreSQL server")
	flag.Parse()
	if *rounds < 1 || *rounds > 60 {
		fmt.Fprintln(os.Stderr, "reachout: -rounds must be 1 to 60 (three partners each, hearth.PartnersMax per recipient)")
		os.Exit(2)
	}
	benchkit.RaiseFileLimit()
	if err := run(*rounds, *idle, *gap, *pg); err != nil {
		fmt.Fprintln(os.Stderr, "reachout:", err)
		os.Exit(1)
	}
}

func run(rounds, idle int, gap time.Duration, pg string) error {
	fmt.Println("machine:", benchkit.Machine())
	ctx := context.Background()
	return benchkit.OnEachDatabase(ctx, "hearth-bench-reachout-", pg, pgDatabase, func(db benchkit.Database) error {
		return measure(ctx, db.Name, db.Store, rounds, idle, gap)
	})
}

// member is one signed-in member: their account and session cookie.
type member struct {
	acct   *hearth.Account
	ctx    context.Context
	cookie string
}

func measure(ctx context.Context, name string, st *sqlstore.Store, rounds, idle int, gap time.Duration) error {
	fmt.Printf("\n== %s: %d rounds, %d recipients, %d idle streams\n", name, rounds, recipients, idle)
	fmt.Println("date:", time.Now().UTC().Format(time.RFC3339), " load:", benchkit.LoadAverage())
	ln, err := benchkit.ServeLive(st)
	if err != nil {
		return err
	}
	defer ln.Close()
	hub, problems := ln.Hub, ln.Problems

	start := time.Now()
	senders, to, others, err := setUp(ctx, st, rounds, idle)
	if err != nil {
		return err
	}
	fmt.Printf("set up %d members in %v\n", len(senders)+len(to)+len(others), time.Since(start).Round(time.Millisecond))

	// The streams: the recipients' first, then the idle ones.
	start = time.Now()
	streams := &streams{}
	defer streams.close()
	var wg sync.WaitGroup
	var failed atomic.Int64
	var firstErr atomic.Value
	sem := make(chan struct{}, 128)
	open := func(i int, m *member) {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if err := streams.open(ln.URL, i, m.cookie); err != nil {
				failed.Add(1)
				firstErr.CompareAndSwap(nil, err.Error())
			}
		})
	}
	streams.arrived = make([]sync.Map, recipients)
	for i, m := range to {
		open(i, m)
	}
	for _, m := range others {
		open(-1, m)
	}
	wg.Wait()
	if n := failed.Load(); n > 0 {
		return fmt.Errorf("%d streams could not open; the first: %v", n, firstErr.Load())
	}
	fmt.Printf("opened %d streams (%d recipients, %d idle) in %v; hub subscribers %d\n", len(to)+len(others), len(to), len(others),
		time.Since(start).Round(time.Millisecond), hub.Subscribers())
	time.Sleep(2 * time.Second) // let the server settle

	client := &http.Client{Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var all, posts []time.Duration
	delivered, notified := 0, 0
	for round, s := range senders {
		t0 := time.Now()
		id, err := reachOut(client, ln.URL, s.cookie)
		posted := time.Since(t0)
		if err != nil {
			return fmt.Errorf("round %d: %w", round+1, err)
		}
		posts = append(posts, posted)
		var lat []time.Duration
		for deadline := time.Now().Add(30 * time.Second); ; {
			lat = lat[:0]
			for i := range to {
				if at, ok := streams.arrived[i].Load(id); ok {
					lat = append(lat, at.(time.Time).Sub(t0))
				}
			}
			if len(lat) == recipients || time.Now().After(deadline) {
				break
			}
			time.Sleep(2 * time.Millisecond)
		}
		slices.Sort(lat)
		n := 0
		for _, m := range to {
			ok, err := hasNotification(client, ln.URL, m.cookie, id)
			if err != nil {
				return fmt.Errorf("round %d: %w", round+1, err)
			}
			if ok {
				n++
			}
		}
		fmt.Printf("round %2d: reach-out %d, POST /support %s; delivered to %d of %d, p50 %s, max %s; notified %d of %d\n",
			round+1, id, ms(posted), len(lat), recipients, ms(benchkit.Percentile(lat, 50)), ms(lastOf(lat)), n, recipients)
		all = append(all, lat...)
		delivered += len(lat)
		notified += n
		time.Sleep(gap)
	}
	slices.Sort(all)
	slices.Sort(posts)
	p99 := benchkit.Percentile(all, 99)
	fmt.Printf("POST /support (the sender's answer): p50 %s, p99 %s, max %s\n",
		ms(benchkit.Percentile(posts, 50)), ms(benchkit.Percentile(posts, 99)), ms(lastOf(posts)))
	fmt.Printf("all rounds: delivered %d of %d, notified %d of %d; latency p50 %s, p99 %s (target < %v: %s), max %s\n",
		delivered, rounds*recipients, notified, rounds*recipients, ms(benchkit.Percentile(all, 50)), ms(p99), targetP99,
		verdict(delivered == rounds*recipients && notified == delivered && p99 < targetP99), ms(lastOf(all)))
	if lost := streams.lost.Load(); lost > 0 {
		fmt.Printf("streams that ended during the run: %d\n", lost)
	}
	n, first := problems.Take()
	fmt.Printf("server log warnings and errors: %d %q\n", n, first)
	fmt.Println("load after:", benchkit.LoadAverage())
	return nil
}

// setUp makes the rounds' senders, the 20 recipients and the idle
// members, with sessions, and the senders' relationships and plans.
func setUp(ctx context.Context, st *sqlstore.Store, rounds, idle int) (senders, to, others []*member, err error) {
	stamp := time.Now().UnixNano() % 1000000
	now := time.Now()
	today := hearth.DateOf(now.UTC())
	n := 0
	newMember := func(kind string) (*member, error) {
		n++
		a := &hearth.Account{Handle: fmt.Sprintf("%s-%d.%04d", kind, stamp, n), DisplayName: "Member " + strconv.Itoa(n),
			Language: "en", TimeZone: "UTC", Country: "IE", Role: hearth.RoleMember}
		if err := st.CreateAccount(ctx, hearth.NewAccount{Account: a, PasswordHash: "not-a-hash"}); err != nil {
			return nil, err
		}
		token, hash, err := credential.NewToken("")
		if err != nil {
			return nil, err
		}
		sess := &hearth.Session{AccountID: a.ID, Device: "Firefox on Android", CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(24 * time.Hour)}
		if err := st.CreateSession(ctx, sess, hash); err != nil {
			return nil, err
		}
		return &member{acct: a, ctx: hearth.NewContextWithAccount(ctx, a), cookie: token}, nil
	}
	for range recipients {
		m, err := newMember("recipient")
		if err != nil {
			return nil, nil, nil, err
		}
		to = append(to, m)
	}
	// Recipients 0–9 offer to sponsor.
	for _, m := range to[:10] {
		c := &hearth.Clock{Kind: hearth.ClockAlcohol, Name: "Alcohol", Start: today.AddMonths(-72), Schedule: "aa", Visibility: hearth.VisibleToMe}
		if err := st.CreateClock(m.ctx, c, today); err != nil {
			return nil, nil, nil, err
		}
		p := &hearth.SponsorProfile{Programs: []string{"aa"}, ClockID: c.ID, Languages: []string{"en"}, TimeZone: "UTC",
			Ways: []string{hearth.WayCalls}, Capacity: hearth.SponsorCapacityMax}
		if err := st.SaveSponsorProfile(m.ctx, p, today); err != nil {
			return nil, nil, nil, fmt.Errorf("sponsor profile: %w", err)
		}
	}
	// Two groups: recipients 0–9 and 10–19, the first of each the owner,
	// the others trusted servants.
	var groups []int64
	for h := range 2 {
		half := to[10*h : 10*h+10]
		g := &hearth.Group{Slug: fmt.Sprintf("reach-%d-%d", stamp, h), Name: []string{"Morning Light", "Tuesday Tools"}[h],
			Program: "aa", TimeZone: "UTC", Visibility: hearth.GroupListed, JoinPolicy: hearth.JoinOpen, Languages: []string{"en"}}
		if err := st.CreateGroup(half[0].ctx, g, half[0].acct.ID); err != nil {
			return nil, nil, nil, err
		}
		for _, m := range half[1:] {
			if err := st.AddGroupMember(ctx, g.ID, m.acct.ID, hearth.GroupServant); err != nil {
				return nil, nil, nil, err
			}
		}
		groups = append(groups, g.ID)
	}
	for k := range rounds {
		s, err := newMember("sender")
		if err != nil {
			return nil, nil, nil, err
		}
		sponsor := to[k%10]
		sp, err := st.RequestSponsor(s.ctx, sponsor.acct.ID, "aa", "Would you sponsor me?")
		if err != nil {
			return nil, nil, nil, fmt.Errorf("sponsor request: %w", err)
		}
		if err := st.AnswerSponsorRequest(sponsor.ctx, sp.ID, true, ""); err != nil {
			return nil, nil, nil, fmt.Errorf("sponsor answer: %w", err)
		}
		for j := range 3 {
			partner := to[10+(k+j)%10]
			p, err := st.InvitePartner(s.ctx, partner.acct.Handle)
			if err != nil {
				return nil, nil, nil, fmt.Errorf("partner invitation: %w", err)
			}
			if err := st.AnswerInvitation(partner.ctx, p.ID, true); err != nil {
				return nil, nil, nil, err
			}
		}
		for _, g := range groups {
			if _, err := st.JoinGroup(s.ctx, g); err != nil {
				return nil, nil, nil, err
			}
		}
		if err := st.SetReachOutPlan(s.ctx, &hearth.ReachOutPlan{Sponsor: true, Partners: true, Groups: groups}); err != nil {
			return nil, nil, nil, err
		}
		senders = append(senders, s)
	}
	for range idle {
		m, err := newMember("member")
		if err != nil {
			return nil, nil, nil, err
		}
		others = append(others, m)
	}
	return senders, to, others, nil
}

// streams are the open GET /events connections.
type streams struct {
	mu    sync.Mutex
	conns []net.Conn
	// arrived[i] maps a reach-out's ID to when recipient i's stream
	// brought its event.
	arrived []sync.Map
	lost    atomic.Int64
	closing atomic.Bool
}

// open connects to GET /events with the session cookie and returns once
// the stream has begun (its "retry:" line); a goroutine reads it from
// then on, noting reach_out events for recipient i (i ≥ 0).
func (s *streams) open(base string, i int, cookie string) error {
	u, _ := url.Parse(base)
	c, err := net.DialTimeout("tcp", u.Host, 30*time.Second)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.conns = append(s.conns, c)
	s.mu.Unlock()
	req := "GET /events HTTP/1.1\r\nHost: " + u.Host + "\r\nAccept: text/event-stream\r\nCookie: " + cookieName + "=" + cookie + "\r\n\r\n"
	if _, err := io.WriteString(c, req); err != nil {
		return err
	}
	r := bufio.NewReaderSize(c, 512)
	status, err := r.ReadString('\n')
	if err != nil || !strings.Contains(status, " 200 ") {
		return fmt.Errorf("GET /events: status %q: %v", status, err)
	}
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return fmt.Errorf("GET /events: %w", err)
		}
		if strings.HasPrefix(line, "retry:") {
			break
		}
	}
	go func() {
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				if !s.closing.Load() {
					s.lost.Add(1)
				}
				return
			}
			data, ok := strings.CutPrefix(line, "data: ")
			if !ok || i < 0 {
				continue
			}
			at := time.Now()
			var e struct {
				Kind    string `json:"kind"`
				Subject int64  `json:"subject"`
			}
			if json.Unmarshal([]byte(data), &e) == nil && e.Kind == hearth.EventReachOut {
				s.arrived[i].LoadOrStore(e.Subject, at)
			}
		}
	}()
	return nil
}

func (s *streams) close() {
	s.closing.Store(true)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.conns {
		c.Close()
	}
}

// reachOut posts the "I need support now" form as the page does and
// returns the reach-out's ID from the redirect to its page.
func reachOut(client *http.Client, base, cookie string) (int64, error) {
	req, _ := http.NewRequest(http.MethodPost, base+"/support", strings.NewReader(""))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.AddCookie(&http.Cookie{Name: cookieName, Value: cookie})
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	loc := res.Header.Get("Location")
	idText, ok := strings.CutPrefix(loc, "/support/sent/")
	id, err := strconv.ParseInt(idText, 10, 64)
	if res.StatusCode != http.StatusSeeOther || !ok || err != nil {
		return 0, fmt.Errorf("POST /support = %s to %q, want 303 to /support/sent/ID", res.Status, loc)
	}
	return id, nil
}

// hasNotification reports whether the member's latest notifications hold
// the reach-out.
func hasNotification(client *http.Client, base, cookie string, id int64) (bool, error) {
	req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/notifications?limit=10", nil)
	req.AddCookie(&http.Cookie{Name: cookieName, Value: cookie})
	res, err := client.Do(req)
	if err != nil {
		return false, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return false, errors.New("GET /api/v1/notifications = " + res.Status)
	}
	var out web.APINotifications
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		return false, err
	}
	for _, n := range out.Notifications {
		if n.Kind == hearth.NotifyReachOut && n.Subject == id {
			return true, nil
		}
	}
	return false, nil
}

func lastOf(s []time.Duration) time.Duration {
	if len(s) == 0 {
		return 0
	}
	return s[len(s)-1]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func verdict(ok bool) string {
	if ok {
		return "pass"
	}
	return "FAIL"
}
