package sqlite

import (
	"database/sql"
	"testing"
)

// TestConnectionSettings checks that every connection of both pools has
// the settings Hearth relies on.
func TestConnectionSettings(t *testing.T) {
	path := Path(t.TempDir())
	for _, readOnly := range []bool{false, true} {
		db, err := sql.Open("sqlite", dsn(path, readOnly))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		db.SetMaxOpenConns(1)
		for _, tc := range []struct{ pragma, want string }{
			{"journal_mode", "wal"},
			{"foreign_keys", "1"},
			{"secure_delete", "1"},
			{"synchronous", "1"}, // NORMAL
			{"busy_timeout", "10000"},
			{"temp_store", "2"}, // MEMORY
			{"query_only", map[bool]string{false: "0", true: "1"}[readOnly]},
		} {
			var got string
			if err := db.QueryRow("PRAGMA " + tc.pragma).Scan(&got); err != nil {
				t.Fatalf("%s: %v", tc.pragma, err)
			}
			if got != tc.want {
				t.Errorf("read-only=%v: PRAGMA %s = %s, want %s", readOnly, tc.pragma, got, tc.want)
			}
		}
	}
}
