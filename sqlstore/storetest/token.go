package storetest

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"hearth"
)

func (s suite) accessToken(t *testing.T) {
	t.Run("CreateAccessToken", func(t *testing.T) {
		t.Run("OK", func(t *testing.T) {
			e := s.env(t)
			a := e.mustAccount()
			at := &hearth.AccessToken{AccountID: a.ID, Name: "  Laptop script "}
			ok(t, e.Store.CreateAccessToken(e.ctx, at, []byte("hash-1")))
			want := &hearth.AccessToken{ID: at.ID, AccountID: a.ID, Name: "Laptop script", CreatedAt: stored(start)}
			if at.ID == 0 || !reflect.DeepEqual(at, want) {
				t.Errorf("created %+v, want %+v", at, want)
			}
			list, err := e.Store.ListAccessTokens(e.ctx, a.ID)
			ok(t, err)
			if len(list) != 1 || !reflect.DeepEqual(list[0], want) {
				t.Errorf("listed %+v, want %+v", list, want)
			}
		})
		for _, tc := range []struct {
			name, tokenName string
			hash            []byte
			code, field     string
		}{
			{"NoName", "   ", []byte("h"), hearth.EINVALID, "name"},
			{"LongName", strings.Repeat("n", hearth.AccessTokenNameMax+1), []byte("h"), hearth.EINVALID, "name"},
			{"ControlInName", "a\x00b", []byte("h"), hearth.EINVALID, "name"},
			{"NoHash", "ok", nil, hearth.EINVALID, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := s.env(t)
				a := e.mustAccount()
				err := e.Store.CreateAccessToken(e.ctx, &hearth.AccessToken{AccountID: a.ID, Name: tc.tokenName}, tc.hash)
				wantCode(t, err, tc.code)
				if tc.field != "" {
					if _, ok := hearth.ErrorFields(err)[tc.field]; !ok {
						t.Errorf("fields %v, want %q at fault", hearth.ErrorFields(err), tc.field)
					}
				}
			})
		}
		t.Run("NoAccount", func(t *testing.T) {
			e := s.env(t)
			err := e.Store.CreateAccessToken(e.ctx, &hearth.AccessToken{AccountID: 999, Name: "x"}, []byte("h"))
			wantCode(t, err, hearth.ENOTFOUND)
		})
		t.Run("SameHash", func(t *testing.T) {
			e := s.env(t)
			a := e.mustAccount()
			ok(t, e.Store.CreateAccessToken(e.ctx, &hearth.AccessToken{AccountID: a.ID, Name: "x"}, []byte("h")))
			err := e.Store.CreateAccessToken(e.ctx, &hearth.AccessToken{AccountID: a.ID, Name: "y"}, []byte("h"))
			wantCode(t, err, hearth.ECONFLICT)
		})
	})

	t.Run("FindAccessToken", func(t *testing.T) {
		t.Run("RecordsTheDay", func(t *testing.T) {
			e := s.env(t)
			a := e.mustAccount(func(a *hearth.Account) { a.Email = "river@example.org" })
			at, hash := e.mustToken(a.ID, "laptop")
			day := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
			for _, tc := range []struct {
				now  time.Time
				want time.Time
			}{
				{time.Date(2026, 3, 4, 15, 16, 17, 5, time.UTC), day},
				{time.Date(2026, 3, 4, 23, 59, 59, 0, time.UTC), day},
				// The day is UTC's, whatever zone now is in.
				{time.Date(2026, 3, 4, 20, 0, 0, 0, time.FixedZone("CST", -6*3600)), day.AddDate(0, 0, 1)},
				{time.Date(2026, 3, 9, 1, 0, 0, 0, time.UTC), day.AddDate(0, 0, 5)},
			} {
				got, acct, err := e.Store.FindAccessToken(e.ctx, hash, tc.now)
				ok(t, err)
				if got.ID != at.ID || acct.ID != a.ID || acct.Email != a.Email {
					t.Fatalf("found %+v of %+v", got, acct)
				}
				if !got.LastUsedAt.Equal(tc.want) {
					t.Errorf("at %v: last used %v, want %v", tc.now, got.LastUsedAt, tc.want)
				}
				list, _ := e.Store.ListAccessTokens(e.ctx, a.ID)
				if len(list) != 1 || !list[0].LastUsedAt.Equal(tc.want) {
					t.Errorf("at %v: listed %+v, want last used %v", tc.now, list, tc.want)
				}
			}
		})
		t.Run("NotFound", func(t *testing.T) {
			e := s.env(t)
			at, acct, err := e.Store.FindAccessToken(e.ctx, []byte("nope"), start)
			wantCode(t, err, hearth.ENOTFOUND)
			if at != nil || acct != nil {
				t.Errorf("ENOTFOUND with %v %v", at, acct)
			}
		})
	})

	t.Run("ListAccessTokens", func(t *testing.T) {
		e := s.env(t)
		a, b := e.mustAccount(), e.mustAccount()
		first, _ := e.mustToken(a.ID, "first")
		e.clock.Advance(time.Minute)
		second, _ := e.mustToken(a.ID, "second")
		e.mustToken(b.ID, "other")
		list, err := e.Store.ListAccessTokens(e.ctx, a.ID)
		ok(t, err)
		if len(list) != 2 || list[0].ID != second.ID || list[1].ID != first.ID {
			t.Errorf("listed %+v, want newest first", list)
		}
		if list, _ := e.Store.ListAccessTokens(e.ctx, 999); len(list) != 0 {
			t.Errorf("tokens of no account: %v", list)
		}
	})

	t.Run("DeleteAccessToken", func(t *testing.T) {
		e := s.env(t)
		a, b := e.mustAccount(), e.mustAccount()
		at, hash := e.mustToken(a.ID, "laptop")
		wantCode(t, e.Store.DeleteAccessToken(e.ctx, b.ID, at.ID), hearth.ENOTFOUND)
		ok(t, e.Store.DeleteAccessToken(e.ctx, a.ID, at.ID))
		_, _, err := e.Store.FindAccessToken(e.ctx, hash, start)
		wantCode(t, err, hearth.ENOTFOUND)
		wantCode(t, e.Store.DeleteAccessToken(e.ctx, a.ID, at.ID), hearth.ENOTFOUND)
	})

	// A new password, a recovery code and "sign out everywhere" leave no
	// way in that the old password opened: every token of the account is
	// revoked with its sessions. Another account's tokens stay.
	t.Run("RevokedWhenSignedOutEverywhere", func(t *testing.T) {
		for _, tc := range []struct {
			name   string
			action func(e *env, a *hearth.Account) error
		}{
			{"SetPassword", func(e *env, a *hearth.Account) error {
				keep, _ := e.mustSession(a.ID)
				return e.Store.SetPassword(e.ctx, a.ID, "new-hash", keep.ID)
			}},
			{"SetPasswordEndingAllSessions", func(e *env, a *hearth.Account) error {
				return e.Store.SetPassword(e.ctx, a.ID, "new-hash", 0)
			}},
			{"RedeemRecoveryCode", func(e *env, a *hearth.Account) error {
				return e.Store.RedeemRecoveryCode(e.ctx, a.ID, codeHash("code-1"), "new-hash")
			}},
			{"DeleteSessions", func(e *env, a *hearth.Account) error {
				return e.Store.DeleteSessions(e.ctx, a.ID, 0)
			}},
			{"DeleteSessionsButOne", func(e *env, a *hearth.Account) error {
				keep, _ := e.mustSession(a.ID)
				return e.Store.DeleteSessions(e.ctx, a.ID, keep.ID)
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := s.env(t)
				a, b := e.mustAccount(), e.mustAccount()
				e.mustSession(a.ID)
				_, laptop := e.mustToken(a.ID, "laptop")
				_, phone := e.mustToken(a.ID, "phone")
				_, theirs := e.mustToken(b.ID, "theirs")
				for _, hash := range [][]byte{laptop, phone} {
					_, _, err := e.Store.FindAccessToken(e.ctx, hash, start)
					ok(t, err)
				}

				ok(t, tc.action(e, a))

				for _, hash := range [][]byte{laptop, phone} {
					at, acct, err := e.Store.FindAccessToken(e.ctx, hash, start)
					wantCode(t, err, hearth.ENOTFOUND)
					if at != nil || acct != nil {
						t.Errorf("ENOTFOUND with %v %v", at, acct)
					}
				}
				if list, _ := e.Store.ListAccessTokens(e.ctx, a.ID); len(list) != 0 {
					t.Errorf("%d tokens left, want none", len(list))
				}
				_, acct, err := e.Store.FindAccessToken(e.ctx, theirs, start)
				ok(t, err)
				if acct.ID != b.ID {
					t.Errorf("another account's token found account %d, want %d", acct.ID, b.ID)
				}
			})
		}
		// What fails changes nothing: a code that is not the account's
		// leaves its tokens and sessions as they were.
		t.Run("FailedRedemptionKeepsThem", func(t *testing.T) {
			e := s.env(t)
			a := e.mustAccount()
			_, sess := e.mustSession(a.ID)
			_, hash := e.mustToken(a.ID, "laptop")
			wantCode(t, e.Store.RedeemRecoveryCode(e.ctx, a.ID, codeHash("code-9"), "new-hash"), hearth.ENOTFOUND)
			_, _, err := e.Store.FindAccessToken(e.ctx, hash, start)
			ok(t, err)
			_, _, err = e.Store.FindSession(e.ctx, sess, start, start.Add(-time.Hour))
			ok(t, err)
		})
	})
}
