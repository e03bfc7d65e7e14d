package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestHealth: /healthz answers while the process lives; /readyz answers
// 200 while the database does, and 503 once it is gone.
func TestHealth(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		clock := newTestClock()
		store := open(t, clock.Now)
		ts := mustOpenServer(t, store, withClock(clock))
		c := ts.bareClient(t)

		c.get("/healthz").wantStatus(t, http.StatusOK)
		c.get("/readyz").wantStatus(t, http.StatusOK)

		if err := store.Close(); err != nil {
			t.Fatal(err)
		}
		r := c.get("/readyz").wantStatus(t, http.StatusServiceUnavailable)
		checkSecurityHeaders(t, r)
		c.get("/healthz").wantStatus(t, http.StatusOK)
	})
}

// metricWords may appear in no metric name or label: metrics must not
// tell anything about anyone's recovery.
var metricWords = []string{"recovery", "sober", "relapse", "setback", "addict", "craving", "alcohol",
	"drug", "step", "sponsor", "meeting", "group"}

var (
	metricLineRE  = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? \S+( \S+)?$`)
	metricLabelRE = regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"`)
)

// TestMetrics: /metrics is Prometheus text that counts requests by route
// name, and no metric name or label holds a word about recovery, a path,
// or anything a member typed.
func TestMetrics(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		m := ts.signUp(t, "Kestrel")
		// Requests whose paths and forms hold things a label must not.
		m.post("/settings/tokens", url.Values{"name": {"sponsor group meeting"}})
		m.post("/settings/sessions/424242/end", nil)
		m.get("/settings/recovery-codes")
		ts.client(t).get("/no-such-page/recovery-step-4")
		ts.client(t).get("/help?country=MX")

		r := ts.bareClient(t).get("/metrics").wantStatus(t, http.StatusOK)
		checkSecurityHeaders(t, r)
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
			t.Errorf("/metrics: Content-Type %q, want Prometheus text", ct)
		}
		routes := map[string]bool{"not_found": true}
		for _, rt := range ts.srv.routeTable() {
			routes[rt.name] = true
		}
		counted := map[string]bool{}
		for _, line := range strings.Split(strings.TrimSpace(r.body), "\n") {
			var text string
			switch {
			case strings.HasPrefix(line, "# HELP "), strings.HasPrefix(line, "# TYPE "):
				text = strings.Fields(line)[2]
			case strings.HasPrefix(line, "#") || line == "":
				continue
			default:
				mm := metricLineRE.FindStringSubmatch(line)
				if mm == nil {
					t.Errorf("not a Prometheus sample line: %q", line)
					continue
				}
				text = mm[1] + " " + mm[3]
				for _, l := range metricLabelRE.FindAllStringSubmatch(mm[3], -1) {
					if l[1] == "route" {
						if !routes[l[2]] {
							t.Errorf("%s: route label %q is not a route name", mm[1], l[2])
						}
						if mm[1] == "hearth_http_requests_total" {
							counted[l[2]] = true
						}
					}
					if strings.Contains(l[2], "/") {
						t.Errorf("%s: label %s=%q looks like a path", mm[1], l[1], l[2])
					}
				}
			}
			lower := strings.ToLower(text)
			for _, w := range metricWords {
				if strings.Contains(lower, w) {
					t.Errorf("metric %q holds the word %q", text, w)
				}
			}
		}
		for _, want := range []string{"signup", "welcome", "tokens", "sessions", "codes", "not_found", "help"} {
			if !counted[want] {
				t.Errorf("hearth_http_requests_total has no route=%q", want)
			}
		}
		if !strings.Contains(r.body, `hearth_http_requests_total{code="303",method="POST",route="signup"} 1`) {
			t.Errorf("the sign-up is not counted as one POST answered 303")
		}
	})
}
