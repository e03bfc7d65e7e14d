package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"hearth"
	"hearth/demo"
	"hearth/sqlite"
	"hearth/sqlstore/storetest/testdb"
	"hearth/vault"
)

// run runs one command to its end and returns what it wrote.
func run(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }}
	err = m.Run(context.Background(), args)
	if cerr := m.Close(); err == nil {
		err = cerr
	}
	return out.String(), errb.String(), err
}

// serving is a `hearth serve` running in the test.
type serving struct {
	url    string
	stderr *syncBuffer
	stop   func() error
}

// syncBuffer is a log the server writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// mustServe starts `hearth serve` with args on a free port and stops it
// when the test ends.
func mustServe(t *testing.T, env map[string]string, args ...string) *serving {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errb := &syncBuffer{}
	ready := make(chan string, 1)
	m := &Main{Stdout: io.Discard, Stderr: errb, Getenv: func(k string) string { return env[k] }, Ready: func(u string) { ready <- u }}
	done := make(chan error, 1)
	go func() {
		err := m.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...))
		if cerr := m.Close(); err == nil {
			err = cerr
		}
		done <- err
	}()
	s := &serving{stderr: errb}
	stopped := false
	s.stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(20 * time.Second):
			t.Fatal("hearth serve did not stop within 20 s of SIGTERM")
			return nil
		}
	}
	t.Cleanup(func() {
		if err := s.stop(); err != nil {
			t.Errorf("hearth serve ended with %v", err)
		}
	})
	select {
	case s.url = <-ready:
	case err := <-done:
		stopped = true
		t.Fatalf("hearth serve ended before it was ready: %v\n%s", err, errb.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("hearth serve was not ready within 30 s\n%s", errb.String())
	}
	return s
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestServeZeroConfig(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "hearth-data")
	s := mustServe(t, nil, "--data", data)

	if code, body := get(t, s.url+"/readyz"); code != 200 {
		t.Fatalf("/readyz = %d %s", code, body)
	}
	if code, _ := get(t, s.url+"/"); code != 200 {
		t.Fatalf("/ = %d", code)
	}
	fi, err := os.Stat(filepath.Join(data, "server.key"))
	if err != nil {
		t.Fatal("no server key made:", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("server key mode %v, want 0600", fi.Mode().Perm())
	}
	if _, err := os.Stat(sqlite.Path(data)); err != nil {
		t.Error("no SQLite database made:", err)
	}
	if err := s.stop(); err != nil {
		t.Fatal("graceful stop:", err)
	}
	// The log is JSON (stderr is not a terminal) and names the URL once.
	var readyLines int
	for _, line := range strings.Split(strings.TrimSpace(s.stderr.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if rec["msg"] == "Hearth is ready" {
			readyLines++
			if rec["url"] != s.url {
				t.Errorf("ready line url %v, want %s", rec["url"], s.url)
			}
		}
	}
	if readyLines != 1 {
		t.Errorf("%d ready lines, want 1", readyLines)
	}
}

func TestServeOnPostgres(t *testing.T) {
	url := testdb.CreatePostgresDatabase(t)
	s := mustServe(t, nil, "--data", t.TempDir(), "--database", url, "--demo")
	if code, body := get(t, s.url+"/readyz"); code != 200 {
		t.Fatalf("/readyz = %d %s", code, body)
	}
	if !strings.Contains(s.stderr.String(), `"database":"postgres"`) {
		t.Errorf("log does not say PostgreSQL:\n%s", s.stderr.String())
	}
	if !strings.Contains(s.stderr.String(), "river.0001") {
		t.Errorf("log does not print the demo sign-in:\n%s", s.stderr.String())
	}
}

func TestDemoFillsOnlyAnEmptyDatabase(t *testing.T) {
	data := t.TempDir()
	s := mustServe(t, nil, "--data", data, "--demo")
	if !strings.Contains(s.stderr.String(), demo.Password) {
		t.Errorf("log does not print the demo password:\n%s", s.stderr.String())
	}
	s.stop()

	keys, err := vault.LoadFile(filepath.Join(data, "server.key"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(context.Background(), sqlite.Path(data), sqlite.Options{Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	groups, err := st.ListGroups(ctx, hearth.GroupFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) < 12 {
		t.Fatalf("demo has %d groups, want at least 12", len(groups))
	}
	programs := map[string]bool{}
	langs := map[string]bool{}
	tags := map[string]bool{}
	for _, g := range groups {
		programs[g.Program] = true
		for _, l := range g.Languages {
			langs[l] = true
		}
		for _, tg := range g.Tags {
			tags[tg] = true
		}
	}
	for _, p := range []string{"aa", "na", "al-anon", "ca", "smart", "recovery-dharma"} {
		if !programs[p] {
			t.Errorf("no demo group of program %s", p)
		}
	}
	for _, tg := range []string{"secular", "women", "lgbtq", "young-people"} {
		if !tags[tg] {
			t.Errorf("no demo group tagged %s", tg)
		}
	}
	if !langs["es"] {
		t.Error("no Spanish-speaking demo group")
	}
	n, _ := st.CountAccounts(ctx)
	st.Close()

	// A second --demo leaves the database as it is.
	s = mustServe(t, nil, "--data", data, "--demo")
	s.stop()
	st, err = sqlite.Open(ctx, sqlite.Path(data), sqlite.Options{Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if again, _ := st.CountAccounts(ctx); again != n {
		t.Errorf("second --demo changed the members from %d to %d", n, again)
	}
}

// TestErrorsAreOneLine holds every start-up failure to one clear line.
func TestErrorsAreOneLine(t *testing.T) {
	dir := t.TempDir()
	readOnly := filepath.Join(dir, "ro")
	os.Mkdir(readOnly, 0o500)
	badKey := filepath.Join(dir, "bad.key")
	os.WriteFile(badKey, []byte("not a key\n"), 0o600)
	badPrograms := filepath.Join(dir, "programs.json")
	os.WriteFile(badPrograms, []byte("{\"programs\": [\n  {\"id\": \"mine\",\n   \"kind\": steps}\n]}\n"), 0o600)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()

	tests := []struct {
		name string
		args []string
		want string
	}{
		{"data folder not writable", []string{"serve", "--data", filepath.Join(readOnly, "data")}, "data folder"},
		{"port taken", []string{"serve", "--data", filepath.Join(dir, "d1"), "--addr", ln.Addr().String()}, "already in use"},
		{"database url wrong", []string{"serve", "--data", filepath.Join(dir, "d2"), "--database", "mysql://x"}, "postgres://"},
		{"database unreachable", []string{"serve", "--data", filepath.Join(dir, "d3"), "--database", "postgres://hearth:s3cret-pw@127.0.0.1:1/hearth?connect_timeout=2"}, "127.0.0.1"},
		{"key file missing", []string{"serve", "--data", filepath.Join(dir, "d4"), "--secret-key-file", filepath.Join(dir, "nope.key")}, "does not exist"},
		{"key file malformed", []string{"serve", "--data", filepath.Join(dir, "d5"), "--secret-key-file", badKey}, "malformed"},
		{"milestones file missing", []string{"serve", "--data", filepath.Join(dir, "d6"), "--milestones-file", filepath.Join(dir, "nope.json")}, "milestone schedules file"},
		{"milestones file malformed", []string{"serve", "--data", filepath.Join(dir, "d7"), "--milestones-file", badKey}, "bad.key"},
		{"programs file malformed", []string{"serve", "--data", filepath.Join(dir, "d8"), "--programs-file", badPrograms}, badPrograms + ":3:"},
		{"unknown command", []string{"fly"}, "unknown command"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "data folder not writable" && os.Geteuid() == 0 {
				// root writes anywhere; use a path under a file instead.
				f := filepath.Join(dir, "a-file")
				os.WriteFile(f, nil, 0o600)
				tc.args[2] = filepath.Join(f, "data")
			}
			_, _, err := run(t, nil, tc.args...)
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") || strings.Contains(msg, "goroutine") {
				t.Errorf("error is not one line: %q", msg)
			}
			if !strings.Contains(msg, tc.want) {
				t.Errorf("error %q does not mention %q", msg, tc.want)
			}
			if strings.Contains(msg, "s3cret-pw") {
				t.Errorf("error shows the database password: %q", msg)
			}
		})
	}
}

func TestVersionAndMigrate(t *testing.T) {
	out, _, err := run(t, nil, "version")
	if err != nil || !strings.HasPrefix(out, "hearth ") {
		t.Fatalf("version: %q %v", out, err)
	}
	data := t.TempDir()
	if _, _, err := run(t, nil, "migrate", "--data", data); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(sqlite.Path(data)); err != nil {
		t.Fatal("migrate made no database:", err)
	}
	// The environment configures as the flags do.
	data2 := t.TempDir()
	if _, _, err := run(t, map[string]string{"HEARTH_DATA": data2}, "migrate"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(sqlite.Path(data2)); err != nil {
		t.Fatal("HEARTH_DATA was not used:", err)
	}
}

func TestAdminGrantAndRotateKey(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	if _, _, err := run(t, nil, "migrate", "--data", data); err != nil {
		t.Fatal(err)
	}
	keyPath := filepath.Join(data, "server.key")
	keys, err := vault.LoadFile(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(ctx, sqlite.Path(data), sqlite.Options{Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i, h := range []string{"rio.1234", "sol.5678"} {
		a := &hearth.Account{Handle: h, DisplayName: h, Language: "en", TimeZone: "UTC", Email: "canary-" + h + "@example.org", Role: hearth.RoleMember}
		if err := st.CreateAccount(ctx, hearth.NewAccount{Account: a, PasswordHash: "x"}); err != nil {
			t.Fatal(i, err)
		}
		ids = append(ids, a.ID)
	}
	st.Close()

	if _, _, err := run(t, nil, "admin", "grant", "--data", data, "--pseudonym", "nobody.0000"); err == nil || !strings.Contains(err.Error(), "no member") {
		t.Fatalf("grant to a missing member: %v", err)
	}
	if out, _, err := run(t, nil, "admin", "grant", "--data", data, "--pseudonym", "Rio.1234"); err != nil || !strings.Contains(out, "admin") {
		t.Fatalf("grant: %q %v", out, err)
	}
	before, _ := os.ReadFile(keyPath)
	out, _, err := run(t, nil, "admin", "rotate-key", "--data", data)
	if err != nil || !strings.Contains(out, "rewrapped 2") {
		t.Fatalf("rotate-key: %q %v", out, err)
	}
	after, _ := os.ReadFile(keyPath)
	if bytes.Equal(before, after) {
		t.Fatal("the key file did not change")
	}
	newKeys, err := vault.LoadFile(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	if newKeys.Len() != 1 {
		t.Fatalf("the key file keeps %d keys after rotation, want 1", newKeys.Len())
	}
	st, err = sqlite.Open(ctx, sqlite.Path(data), sqlite.Options{Keys: newKeys})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i, id := range ids {
		a, err := st.FindAccountByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(a.Email, "canary-") {
			t.Errorf("account %d email after rotation: %q", i, a.Email)
		}
		if i == 0 && a.Role != hearth.RoleAdmin {
			t.Errorf("grant did not make %s an admin", a.Handle)
		}
	}
	// The old key no longer opens anything.
	old, _ := vault.Parse(before)
	stOld, err := sqlite.Open(ctx, sqlite.Path(data), sqlite.Options{Keys: old})
	if err == nil {
		if _, err := stOld.FindAccountByID(ctx, ids[0]); err == nil {
			t.Error("the old server key still opens a rotated data key")
		}
		stOld.Close()
	}
}
