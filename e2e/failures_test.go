package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// failureDir is where a failed test leaves what it saw:
// $TMPDIR/hearth-e2e-failures/<test name>/.
func failureDir(t *testing.T) string {
	name := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '/':
			return r
		}
		return '_'
	}, t.Name())
	return filepath.Join(os.TempDir(), "hearth-e2e-failures", filepath.FromSlash(name))
}

// clearFailures removes what an earlier run of the test left, so that the
// folder only ever shows the latest failure.
func clearFailures(t *testing.T) {
	os.RemoveAll(failureDir(t))
}

// saveFailure writes one file of a failed test's evidence and logs where.
func saveFailure(t *testing.T, name string, data []byte) {
	t.Helper()
	dir := failureDir(t)
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Logf("saving %s: %v", name, err)
		return
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Logf("saving %s: %v", name, err)
		return
	}
	t.Logf("saved %s", path)
}
