package main

import (
	"context"
	"log/slog"

	"hearth/postgres"
	"hearth/sqlite"
	"hearth/sqlstore"
	"hearth/vault"
)

// openStore opens SQLite in the data folder, or PostgreSQL when a URL is
// given, with migrations applied.
func openStore(ctx context.Context, cfg *Config, keys *vault.Keyring, log *slog.Logger) (*sqlstore.Store, error) {
	if cfg.DatabaseURL != "" {
		return postgres.Open(ctx, cfg.DatabaseURL, postgres.Options{Keys: keys, Log: log})
	}
	return sqlite.Open(ctx, sqlite.Path(cfg.DataDir), sqlite.Options{Keys: keys, Log: log})
}
