//go:build tools

// This file pins the modules Hearth's packages are being built on, so that
// go.mod stays stable while they land. It is removed once each is imported.
package hearth

import (
	_ "github.com/chromedp/chromedp"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "github.com/pressly/goose/v3"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "golang.org/x/crypto/argon2"
	_ "golang.org/x/text/feature/plural"
	_ "golang.org/x/text/language"
	_ "golang.org/x/time/rate"
	_ "modernc.org/sqlite"
)
