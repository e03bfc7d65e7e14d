package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
)

// binDir holds the hearth binary that the tests build; TestMain removes it.
var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "hearth-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildHearth builds ./cmd/hearth once per test binary, on first use, so
// that a run of the harness's own tests needs no server. When the tests run
// with -race, so does the server: a data race it meets under a real browser
// fails its test.
var buildHearth = sync.OnceValues(func() (string, error) {
	bin := filepath.Join(binDir, "hearth")
	args := []string{"build", "-o", bin}
	if raceEnabled {
		args = append(args, "-race")
	}
	args = append(args, "hearth/cmd/hearth")
	out, err := exec.Command("go", args...).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go %v: %v\n%s", args, err, out)
	}
	return bin, nil
})

// hearthBinary returns the path of the hearth binary under test.
func hearthBinary(t *testing.T) string {
	t.Helper()
	bin, err := buildHearth()
	if err != nil {
		t.Fatalf("building hearth: %v", err)
	}
	return bin
}

// inCI reports whether the tests run in continuous integration, where
// nothing may be skipped.
func inCI() bool {
	ci, _ := strconv.ParseBool(os.Getenv("CI"))
	return ci
}

// need stops a test that lacks something outside Go (Chromium,
// PostgreSQL): it skips on a developer's machine and fails in CI.
func need(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if inCI() {
		t.Fatalf("%s; CI=true, so this test may not be skipped", msg)
	}
	t.Skipf("%s; skipped (with CI=true this fails)", msg)
}
