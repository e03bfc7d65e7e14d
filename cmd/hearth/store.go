package main

import (
	"context"
	"time"

	"hearth/postgres"
	"hearth/sqlite"
	"hearth/sqlstore"
	"hearth/vault"
)

// openStore opens SQLite in the data folder, or PostgreSQL when a URL is
// given, with migrations applied.
func openStore(ctx context.Context, cfg *Config, keys *vault.Keyring) (*sqlstore.Store, error) {
	opts := sqlstore.Config{Keys: keys, Now: time.Now}
	if cfg.DatabaseURL != "" {
		return postgres.Open(ctx, cfg.DatabaseURL, opts)
	}
	return sqlite.Open(ctx, dataPath(cfg), opts)
}
