package sqlite_test

import (
	"context"
	"log"
	"os"
	"path/filepath"

	"hearth/sqlite"
	"hearth/vault"
)

// Open a store in a data folder, with the server key kept beside the
// database (keep a copy of it apart from the backups).
func ExampleOpen() {
	ctx := context.Background()
	dir := "hearth-data"
	if err := os.MkdirAll(dir, 0o700); err != nil {
		log.Fatal(err)
	}
	keys, _, err := vault.LoadOrCreate(filepath.Join(dir, "server.key"))
	if err != nil {
		log.Fatal(err)
	}
	store, err := sqlite.Open(ctx, sqlite.Path(dir), sqlite.Options{Keys: keys})
	if err != nil {
		log.Fatal(err) // e.g. "sqlite: data folder hearth-data is not writable"
	}
	defer store.Close()
}
