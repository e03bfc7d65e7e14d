package storetest

import (
	"database/sql"
	"fmt"
	"testing"
)

// ShareCountsMigration checks that migration 18 (the kept reply counts)
// applies on a database that already holds shares and replies: before
// brings db to migration 17, after applies the rest; pg says which
// placeholders db takes.
func ShareCountsMigration(t *testing.T, db *sql.DB, pg bool, before, after func() error) {
	t.Helper()
	if err := before(); err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		n := 0
		for i := 0; i < len(q); i++ {
			if q[i] == '?' && pg {
				n++
				q = q[:i] + fmt.Sprintf("$%d", n) + q[i+1:]
			}
		}
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	const at = "2026-03-04T15:16:17Z"
	for _, id := range []int{1, 2} {
		exec(`INSERT INTO accounts (handle, display_name, language, time_zone, email, role, password_hash, created_at, updated_at)
			VALUES (?, 'Member', 'en', 'UTC', ?, 'member', 'x', ?, ?)`, fmt.Sprintf("m%d", id), []byte{}, at, at)
	}
	exec(`INSERT INTO groups (slug, name, program, time_zone, visibility, join_policy, created_at, updated_at)
		VALUES ('g', 'G', 'aa', 'UTC', 'listed', 'open', ?, ?)`, at, at)
	var group, author, other int64
	if err := db.QueryRow(`SELECT id FROM groups`).Scan(&group); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT min(id), max(id) FROM accounts`).Scan(&author, &other); err != nil {
		t.Fatal(err)
	}
	share := func(parent any, status string) int64 {
		t.Helper()
		exec(`INSERT INTO shares (group_id, parent_id, author_id, kind, body, html, status, created_at)
			VALUES (?, ?, ?, 'share', 'b', '<p>b</p>', ?, ?)`, group, parent, author, status, at)
		var id int64
		if err := db.QueryRow(`SELECT max(id) FROM shares`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	busy, quiet, hidden := share(nil, "visible"), share(nil, "visible"), share(nil, "hidden")
	share(busy, "visible")
	share(busy, "visible")
	share(busy, "hidden")
	share(busy, "pending")
	share(hidden, "visible")
	exec(`INSERT INTO reactions (share_id, account_id, kind, created_at) VALUES (?, ?, 'heard', ?)`, busy, other, at)
	if err := after(); err != nil {
		t.Fatal(err)
	}
	want := func(step string, counts map[int64]int) {
		t.Helper()
		for id, n := range counts {
			var got int
			if err := db.QueryRow(fmt.Sprintf(`SELECT replies FROM shares WHERE id = %d`, id)).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != n {
				t.Errorf("%s: share %d counts %d replies, want %d", step, id, got, n)
			}
		}
	}
	want("migrated", map[int64]int{busy: 2, quiet: 0, hidden: 1})
	reply := share(quiet, "visible")
	want("a reply since", map[int64]int{busy: 2, quiet: 1, hidden: 1})
	exec(`DELETE FROM shares WHERE id = ?`, reply)
	want("the reply deleted", map[int64]int{busy: 2, quiet: 0, hidden: 1})
}
