package postgres_test

import (
	"context"
	"database/sql"
	"os"
	"testing"

	"github.com/pressly/goose/v3"

	"hearth/postgres"
	"hearth/sqlstore/storetest"
	"hearth/sqlstore/storetest/testdb"
)

// TestShareCountsMigration applies migration 18 on a database that
// already holds shares.
func TestShareCountsMigration(t *testing.T) {
	ctx := context.Background()
	dbURL := testdb.CreatePostgresDatabase(t)
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.ShareCountsMigration(t, db, true, func() error {
		p, err := goose.NewProvider(goose.DialectPostgres, db, os.DirFS("migrations"))
		if err != nil {
			return err
		}
		_, err = p.UpTo(ctx, 17)
		return err
	}, func() error { return postgres.Migrate(ctx, dbURL) })
}
