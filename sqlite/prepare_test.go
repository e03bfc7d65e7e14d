package sqlite

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"hearth"
	"hearth/sqlstore"
	"hearth/vault"
)

// TestBurstOfFirstReads: many read transactions at once, more than the
// read pool has connections, each running a query the store has not yet
// prepared, all finish. (Preparing asks the pool for a connection; a
// reader that holds one in its transaction must not wait for another, or
// a burst of first requests after a start would hang every reader.)
func TestBurstOfFirstReads(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hearth.db")
	if err := Migrate(ctx, path); err != nil {
		t.Fatal(err)
	}
	write, read, err := openPools(ctx, path, 2)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := vault.Generate()
	if err != nil {
		t.Fatal(err)
	}
	st := sqlstore.New(sqlstore.Config{Write: write, Read: read, Dialect: Dialect(), Keys: keys})
	defer st.Close()
	var members []context.Context
	for i := range 16 {
		a := &hearth.Account{Handle: "burst." + string(rune('a'+i)), DisplayName: "Burst", Language: "en", TimeZone: "UTC", Role: hearth.RoleMember}
		if err := st.CreateAccount(ctx, hearth.NewAccount{Account: a, PasswordHash: "x"}); err != nil {
			t.Fatal(err)
		}
		members = append(members, hearth.NewContextWithAccount(ctx, a))
	}
	done := make(chan struct{})
	go func() {
		var wg sync.WaitGroup
		for _, m := range members {
			wg.Go(func() {
				if _, err := st.Clocks(m); err != nil {
					t.Error(err)
				}
				if _, err := st.CheckIns(m, hearth.Date{Year: 2026, Month: 1, Day: 1}, hearth.Date{Year: 2026, Month: 2, Day: 1}, true); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("16 readers on a pool of 2 connections did not finish in 30 s: they wait on one another to prepare statements")
	}
}
