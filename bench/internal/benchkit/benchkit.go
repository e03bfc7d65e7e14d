// Package benchkit holds what Hearth's bench programs share: a description
// of the machine they ran on, order statistics, a store on each database
// they run on, and signing a member up through the real sign-up form.
package benchkit

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"time"
)

// Machine describes the computer and toolchain, for the README.
func Machine() string {
	cpu := "unknown CPU"
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	goVersion := runtime.Version()
	if out, err := exec.Command("go", "env", "GOVERSION").Output(); err == nil {
		goVersion = strings.TrimSpace(string(out))
	}
	return fmt.Sprintf("%d CPUs (%s), GOMAXPROCS %d, %s %s/%s, load average %s",
		runtime.NumCPU(), cpu, runtime.GOMAXPROCS(0), goVersion, runtime.GOOS, runtime.GOARCH, LoadAverage())
}

// LoadAverage is the first three fields of /proc/loadavg: the machine is
// shared, so every report says how busy it was.
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// Percentile returns the nearest-rank p-th percentile (0 < p ≤ 100) of
// sorted values.
func Percentile[T any](sorted []T, p float64) T {
	if len(sorted) == 0 {
		var zero T
		return zero
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// Summary is min / median / p90 / max of durations, in milliseconds.
func Summary(ds []time.Duration) string {
	s := slices.Clone(ds)
	slices.Sort(s)
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond)) }
	return fmt.Sprintf("min %s  median %s  p90 %s  max %s ms (n=%d)",
		ms(s[0]), ms(Percentile(s, 50)), ms(Percentile(s, 90)), ms(s[len(s)-1]), len(s))
}

// Member is the one member the benchmarks sign up.
const (
	MemberPseudonym = "Bench Walker"
	memberPassword  = "quiet harbour lantern 42"
)

// SignUp signs a member up through POST /signup on the server at base,
// as a browser would, and returns their session cookie. It then checks
// that GET / with the cookie is the member's dashboard.
func SignUp(base string) (*http.Cookie, error) {
	client := &http.Client{
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	form := url.Values{"pseudonym": {MemberPseudonym}, "password": {memberPassword}, "time_zone": {"Europe/Dublin"}}
	resp, err := client.PostForm(base+"/signup", form)
	if err != nil {
		return nil, fmt.Errorf("signing up: %w", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("signing up: POST /signup = %s, want 303", resp.Status)
	}
	var session *http.Cookie
	for _, c := range resp.Cookies() {
		if strings.HasSuffix(c.Name, "hearth_session") && c.Value != "" {
			session = c
		}
	}
	if session == nil {
		return nil, fmt.Errorf("signing up: no session cookie in the answer")
	}
	body, err := GetPage(client, base+"/", session)
	if err != nil {
		return nil, err
	}
	if !strings.Contains(body, MemberPseudonym) || !strings.Contains(body, `action="/signout"`) {
		return nil, fmt.Errorf("GET / with the session cookie is not the member's dashboard:\n%s", body)
	}
	return session, nil
}

// GetPage fetches a page, with a cookie if one is given, and returns its
// body; anything but 200 is an error.
func GetPage(client *http.Client, u string, cookie *http.Cookie) (string, error) {
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		return "", err
	}
	if cookie != nil {
		req.AddCookie(&http.Cookie{Name: cookie.Name, Value: cookie.Value})
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s = %s", u, resp.Status)
	}
	return string(b), nil
}

// Furnish gives the signed-in member of cookie what a member who has
// been around a while has on their dashboard, through the real forms:
// three groups with a meeting each, which they follow, two counts, and
// today's check-in.
func Furnish(base string, cookie *http.Cookie) error {
	client := &http.Client{
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	post := func(path string, form url.Values) (string, error) {
		req, err := http.NewRequest("POST", base+path, strings.NewReader(form.Encode()))
		if err != nil {
			return "", err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.AddCookie(&http.Cookie{Name: cookie.Name, Value: cookie.Value})
		resp, err := client.Do(req)
		if err != nil {
			return "", err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			return "", fmt.Errorf("POST %s = %s, want 303", path, resp.Status)
		}
		return resp.Header.Get("Location"), nil
	}
	today := time.Now().In(time.FixedZone("", 0)).Format(time.DateOnly)
	for _, name := range []string{"Morning Light", "Tuesday Tools", "Grupo Renacer"} {
		group, err := post("/groups", url.Values{"name": {name}, "program": {"aa"}, "languages": {"en"},
			"time_zone": {"Europe/Dublin"}, "visibility": {"listed"}, "join_policy": {"open"}})
		if err != nil {
			return err
		}
		meeting, err := post(group+"/meetings", url.Values{"name": {name + " meeting"}, "day": {"1", "3", "5"},
			"start": {"19:00"}, "end": {"20:00"}, "time_zone": {"Europe/Dublin"},
			"conference_url": {"https://meet.example.org/" + strings.ReplaceAll(name, " ", "-")}, "type": {"O", "D"}})
		if err != nil {
			return err
		}
		if _, err := post(meeting+"/follow", url.Values{}); err != nil {
			return err
		}
	}
	for _, c := range []struct{ name, start string }{{"Alcohol", "2025-08-23"}, {"Smoking", "2026-02-01"}} {
		if _, err := post("/recovery/clocks", url.Values{"name": {c.name}, "kind": {"substance"}, "start": {c.start},
			"schedule": {"aa"}, "visibility": {"me"}}); err != nil {
			return err
		}
	}
	_, err := post("/check-in", url.Values{"on": {today}, "mood": {"4"}, "craving": {"2"}, "gratitude": {"a quiet morning"}})
	return err
}
