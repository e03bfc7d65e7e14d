package e2e

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// database is a storage back end that a flow runs on.
type database struct {
	name string
	// args returns the flags that point hearth serve at a fresh, empty
	// database that lives as long as the test.
	args func(t *testing.T) []string
}

var databases = []database{
	{name: "sqlite", args: func(*testing.T) []string { return nil }}, // in --data
	{name: "postgres", args: freshPostgres},
}

// onEachDatabase runs flow once per database, as subtests named after it.
func onEachDatabase(t *testing.T, flow func(t *testing.T, db database)) {
	t.Helper()
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) { flow(t, db) })
	}
}

// freshPostgres creates an empty database on the server named by
// HEARTH_TEST_POSTGRES, drops it when the test ends, and returns the flag
// that points hearth at it.
func freshPostgres(t *testing.T) []string {
	t.Helper()
	admin := os.Getenv("HEARTH_TEST_POSTGRES")
	if admin == "" {
		need(t, "HEARTH_TEST_POSTGRES is not set")
	}
	u, err := url.Parse(admin)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("HEARTH_TEST_POSTGRES must be a postgres:// URL")
	}
	name := "hearth_e2e_" + strings.ToLower(rand.Text())
	quoted := pgx.Identifier{name}.Sanitize()

	run := func(sql string) error {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			return fmt.Errorf("connecting to HEARTH_TEST_POSTGRES (%s): %w", u.Redacted(), err)
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, sql)
		return err
	}
	if err := run("CREATE DATABASE " + quoted); err != nil {
		t.Fatalf("creating the test database: %v", err)
	}
	t.Cleanup(func() {
		if err := run("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)"); err != nil {
			t.Errorf("dropping the test database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return []string{"--database", u.String()}
}

// hearth is a running `hearth serve`.
type hearth struct {
	URL string // where it listens, e.g. http://127.0.0.1:41234
	log *serverLog

	stopOnce sync.Once
	stopNow  func()
}

// Stop stops the server before the test ends (as the test's end would:
// SIGTERM, then a clean exit), so that a browser finds nothing there.
func (h *hearth) Stop() { h.stopOnce.Do(h.stopNow) }

// startHearth starts `hearth serve` on 127.0.0.1:0 with an empty data
// folder and db's database, and waits until it says it is ready. When the
// test ends it stops the server with SIGTERM and fails the test unless the
// server exits cleanly without having logged an error.
func startHearth(t *testing.T, db database, extra ...string) *hearth {
	t.Helper()
	args := []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir()}
	args = append(args, db.args(t)...)
	args = append(args, extra...)

	cmd := exec.Command(hearthBinary(t), args...)
	cmd.Env = environWithoutHearth()
	cmd.WaitDelay = 10 * time.Second
	stopWithTests(cmd)
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw // not a terminal: JSON lines

	h := &hearth{log: &serverLog{}}
	ready := make(chan string, 1)
	read := make(chan struct{})
	go func() {
		defer close(read)
		h.log.follow(pr, func(rec logRecord) {
			if rec.Msg == "Hearth is ready" && rec.URL != "" {
				select {
				case ready <- rec.URL:
				default:
				}
			}
		})
	}()
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting hearth: %v", err)
	}
	exited := make(chan error, 1)
	go func() {
		err := cmd.Wait()
		pw.Close()
		exited <- err
	}()
	clearFailures(t)
	h.stopNow = func() { h.stop(t, cmd, exited) }
	t.Cleanup(func() {
		h.Stop()
		<-read
		if errs := h.log.errors(); len(errs) > 0 {
			t.Errorf("hearth logged %d error(s):\n%s", len(errs), strings.Join(errs, "\n"))
		}
		if t.Failed() {
			saveFailure(t, "server.log", []byte(h.log.String()))
			t.Logf("last lines of the server's log:\n%s", h.log.tail(30))
		}
	})

	select {
	case h.URL = <-ready:
		return h
	case err := <-exited:
		t.Fatalf("hearth %s exited before it was ready: %v\n%s", strings.Join(args, " "), err, h.log)
	case <-time.After(2 * time.Minute):
		t.Fatalf("hearth %s did not log %q within 2 minutes\n%s", strings.Join(args, " "), "Hearth is ready", h.log)
	}
	return nil
}

// stop sends SIGTERM and waits for a clean exit.
func (h *hearth) stop(t *testing.T, cmd *exec.Cmd, exited <-chan error) {
	t.Helper()
	_ = cmd.Process.Signal(syscall.SIGTERM) // fails only if it has exited; exited says how
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("hearth did not exit cleanly after SIGTERM: %v", err)
		}
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		<-exited
		t.Errorf("hearth was still running 30s after SIGTERM; killed it")
	}
}

// environWithoutHearth is the test's environment without HEARTH_*
// variables, so that a developer's settings cannot reach the server under
// test: everything it is told comes from its flags.
func environWithoutHearth() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HEARTH_") {
			env = append(env, kv)
		}
	}
	return env
}

// logRecord is the part of a log line the harness reads.
type logRecord struct {
	Level string `json:"level"`
	Msg   string `json:"msg"`
	URL   string `json:"url"`
}

// serverLog keeps the lines the server writes.
type serverLog struct {
	mu    sync.Mutex
	lines []string
}

// follow reads lines from r until it ends, keeping each and passing those
// that are JSON records to seen.
func (l *serverLog) follow(r io.Reader, seen func(logRecord)) {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		l.mu.Lock()
		l.lines = append(l.lines, line)
		l.mu.Unlock()
		var rec logRecord
		if json.Unmarshal([]byte(line), &rec) == nil {
			seen(rec)
		}
	}
	io.Copy(io.Discard, r) // after an over-long line, keep the server unblocked
}

// errors returns the lines logged at level ERROR and the first line of
// each panic, fatal error and data race report.
func (l *serverLog) errors() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var errs []string
	for _, line := range l.lines {
		var rec logRecord
		if json.Unmarshal([]byte(line), &rec) == nil && rec.Level == "ERROR" ||
			strings.HasPrefix(line, "panic: ") ||
			strings.HasPrefix(line, "fatal error: ") ||
			strings.HasPrefix(line, "WARNING: DATA RACE") {
			errs = append(errs, line)
		}
	}
	return errs
}

func (l *serverLog) tail(n int) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines[max(0, len(l.lines)-n):], "\n")
}

func (l *serverLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}
