package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hearth/sqlite"
	"hearth/sqlstore/storetest"
	"hearth/sqlstore/storetest/testdb"
	"hearth/vault"
)

// TestStore runs the store's contract on a real SQLite file.
func TestStore(t *testing.T) { storetest.Run(t, testdb.SQLite) }

func TestOpenErrors(t *testing.T) {
	keys, err := vault.Generate()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		path   func(t *testing.T) string
		want   string
		asRoot bool // whether the case can be seen when running as root
	}{
		{"NotADatabase", func(t *testing.T) string {
			p := sqlite.Path(t.TempDir())
			if err := os.WriteFile(p, []byte(strings.Repeat("these are not the pages of a database\n", 200)), 0o600); err != nil {
				t.Fatal(err)
			}
			return p
		}, "is not a Hearth database", true},
		{"NoFolder", func(t *testing.T) string {
			return sqlite.Path(filepath.Join(t.TempDir(), "missing"))
		}, "does not exist", true},
		{"FolderNotWritable", func(t *testing.T) string {
			dir := t.TempDir()
			if err := os.Chmod(dir, 0o500); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(dir, 0o700) })
			return sqlite.Path(dir)
		}, "is not writable", false},
		{"PathIsAFolder", func(t *testing.T) string {
			p := sqlite.Path(t.TempDir())
			if err := os.Mkdir(p, 0o700); err != nil {
				t.Fatal(err)
			}
			return p
		}, "is a folder", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.asRoot && os.Geteuid() == 0 {
				t.Skip("file modes do not stop root")
			}
			p := tc.path(t)
			store, err := sqlite.Open(ctx, p, sqlite.Options{Keys: keys})
			if err == nil {
				store.Close()
				t.Fatal("opened")
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.want) || strings.Contains(msg, "\n") {
				t.Errorf("error %q, want one line saying %q", msg, tc.want)
			}
			if err := sqlite.Migrate(ctx, p); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Migrate: error %v, want one saying %q", err, tc.want)
			}
		})
	}
	t.Run("NoKeys", func(t *testing.T) {
		if _, err := sqlite.Open(ctx, sqlite.Path(t.TempDir()), sqlite.Options{}); err == nil {
			t.Fatal("opened without a server key")
		}
	})
}

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data with spaces?")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	p := sqlite.Path(dir)
	for range 2 {
		if err := sqlite.Migrate(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	keys, err := vault.Generate()
	if err != nil {
		t.Fatal(err)
	}
	store, err := sqlite.Open(ctx, p, sqlite.Options{Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if err := store.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := store.CountAccounts(ctx); err != nil || n != 0 {
		t.Fatalf("CountAccounts = %d, %v", n, err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Errorf("the database is not at %s: %v", p, err)
	}
	if _, err := os.Stat(sqlite.WALPath(p)); err != nil {
		t.Errorf("no write-ahead log at %s: %v", sqlite.WALPath(p), err)
	}
}
