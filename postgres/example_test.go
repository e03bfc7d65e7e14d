package postgres_test

import (
	"context"
	"log"

	"hearth/postgres"
	"hearth/vault"
)

// Open a store on a PostgreSQL database; migrations are applied on the
// way.
func ExampleOpen() {
	ctx := context.Background()
	keys, err := vault.LoadFile("/etc/hearth/server.key")
	if err != nil {
		log.Fatal(err)
	}
	store, err := postgres.Open(ctx, "postgres://hearth@db.internal:5432/hearth?sslmode=verify-full", postgres.Options{Keys: keys})
	if err != nil {
		log.Fatal(err) // e.g. `postgres: database "hearth" does not exist on the server at db.internal:5432`
	}
	defer store.Close()
}
