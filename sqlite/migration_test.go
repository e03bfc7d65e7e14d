package sqlite

import (
	"context"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/pressly/goose/v3"

	"hearth/sqlstore/storetest"
)

// TestShareCountsMigration applies migration 18 on a database that
// already holds shares.
func TestShareCountsMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hearth.db")
	write, read, err := openPools(ctx, path, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer read.Close()
	defer write.Close()
	storetest.ShareCountsMigration(t, write, false, func() error {
		fsys, err := fs.Sub(migrations, "migrations")
		if err != nil {
			return err
		}
		p, err := goose.NewProvider(goose.DialectSQLite3, write, fsys)
		if err != nil {
			return err
		}
		_, err = p.UpTo(ctx, 17)
		return err
	}, func() error { return migrate(ctx, path, write) })
}
