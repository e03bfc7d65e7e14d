package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"hearth/sqlstore"
	"hearth/sqlstore/storetest/testdb"
)

// TestSettingsPasswordChecksHaveTheirOwnLimit: someone failing to sign in
// under a member's name does not lock the member out of their settings,
// and the member's own wrong tries there are limited with a Retry-After.
func TestSettingsPasswordChecksHaveTheirOwnLimit(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open, withConfig(Config{SignInPerName: Rate{Events: 3, Per: 15 * time.Minute}}))
		m := ts.signUp(t, "Heron")

		stranger := ts.client(t)
		for range 5 {
			stranger.post("/signin", url.Values{"handle": {m.handle}, "password": {"not the password"}})
		}
		stranger.post("/signin", url.Values{"handle": {m.handle}, "password": {"not the password"}}).wantStatus(t, http.StatusTooManyRequests)

		// The member, already signed in, can still change their password.
		m.post("/settings/password", url.Values{"current_password": {testPassword}, "new_password": {"a new lamp by the door"}}).
			wantRedirect(t, "/settings/password")

		// Their own wrong tries are limited, and say when to come back.
		var last *response
		for range 4 {
			last = m.post("/settings/password", url.Values{"current_password": {"wrong wrong"}, "new_password": {"another lamp entirely"}})
		}
		last.wantStatus(t, http.StatusTooManyRequests)
		if ra := last.header.Get("Retry-After"); ra == "" || strings.HasPrefix(ra, "0") {
			t.Errorf("Retry-After = %q, want a positive number of seconds", ra)
		}
	})
}

// TestBearerSchemeIsCaseInsensitive: RFC 9110 makes the scheme name
// case-insensitive.
func TestBearerSchemeIsCaseInsensitive(t *testing.T) {
	ts := serve(t, func(t *testing.T, now func() time.Time) *sqlstore.Store { return testdb.SQLite(t, now).Store })
	m := ts.signUp(t, "Plover")
	token, _ := ts.mintToken(t, ts.account(t, m.handle).ID)
	for _, scheme := range []string{"Bearer", "bearer", "BEARER"} {
		r := ts.bareClient(t).do(http.MethodGet, "/api/v1/me", nil, http.Header{"Authorization": {scheme + " " + token}})
		r.wantStatus(t, http.StatusOK)
	}
	ts.bareClient(t).do(http.MethodGet, "/api/v1/me", nil, http.Header{"Authorization": {"Basic " + token}}).wantStatus(t, http.StatusUnauthorized)
}
