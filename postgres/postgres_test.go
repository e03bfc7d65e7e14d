package postgres_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"hearth/postgres"
	"hearth/sqlstore/storetest"
	"hearth/sqlstore/storetest/testdb"
	"hearth/vault"
)

// TestStore runs the store's contract on a fresh database on the server
// named by HEARTH_TEST_POSTGRES.
func TestStore(t *testing.T) { storetest.Run(t, testdb.Postgres) }

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	dbURL := testdb.CreatePostgresDatabase(t)
	for range 2 {
		if err := postgres.Migrate(ctx, dbURL); err != nil {
			t.Fatal(err)
		}
	}
	keys, err := vault.Generate()
	if err != nil {
		t.Fatal(err)
	}
	store, err := postgres.Open(ctx, dbURL, postgres.Options{Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if err := store.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := store.CountAccounts(ctx); err != nil || n != 0 {
		t.Fatalf("CountAccounts = %d, %v", n, err)
	}
}

// TestOpenErrors checks that a connection that fails says where it was
// going in one line, and never gives the password away.
func TestOpenErrors(t *testing.T) {
	const password = "pw-Sekr1t-do-not-show"
	server, err := url.Parse(testdb.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	with := func(edit func(u *url.URL)) string {
		u := *server
		u.User = url.UserPassword(u.User.Username(), password)
		edit(&u)
		return u.String()
	}
	keys, err := vault.Generate()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		url  string
		want []string
	}{
		{"NotAURL", "postgres://user:" + password + "@host:notaport/db", []string{"URL is not valid"}},
		{"Unreachable", with(func(u *url.URL) { u.Host = "127.0.0.1:1"; u.Path = "/hearth" }),
			[]string{"cannot reach the server at 127.0.0.1:1", `database "hearth"`}},
		{"RefusedLogin", with(func(u *url.URL) { u.User = url.UserPassword("no_such_member", password) }),
			[]string{"server at " + server.Host + " refused the login", `"no_such_member"`, `database "postgres"`}},
		{"NoDatabase", with(func(u *url.URL) { u.Path = "/hearth_no_such_database" }),
			[]string{`database "hearth_no_such_database" does not exist`, server.Host}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			for name, open := range map[string]func() error{
				"Open": func() error {
					s, err := postgres.Open(ctx, tc.url, postgres.Options{Keys: keys})
					if err == nil {
						s.Close()
					}
					return err
				},
				"Migrate": func() error { return postgres.Migrate(ctx, tc.url) },
			} {
				err := open()
				if err == nil {
					t.Fatalf("%s worked", name)
				}
				msg := err.Error()
				t.Logf("%s: %s", name, msg)
				if strings.Contains(msg, password) {
					t.Errorf("%s: the error gives the password away: %s", name, msg)
				}
				if strings.Contains(msg, "\n") {
					t.Errorf("%s: the error is not one line: %q", name, msg)
				}
				for _, w := range tc.want {
					if !strings.Contains(msg, w) {
						t.Errorf("%s: error %q does not say %q", name, msg, w)
					}
				}
			}
		})
	}
}
