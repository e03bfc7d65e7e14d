package storetest

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"hearth"
)

func (s suite) session(t *testing.T) {
	t.Run("CreateSession", func(t *testing.T) {
		t.Run("OK", func(t *testing.T) {
			e := s.env(t)
			a := e.mustAccount()
			now := start.Add(time.Minute)
			ss := &hearth.Session{AccountID: a.ID, Device: "Safari on iPhone", CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(720 * time.Hour)}
			ok(t, e.Store.CreateSession(e.ctx, ss, []byte("hash-1")))
			if ss.ID == 0 {
				t.Fatal("no ID")
			}
			if !ss.CreatedAt.Equal(stored(now)) || ss.CreatedAt.Location() != time.UTC {
				t.Errorf("created %v, want %v in UTC", ss.CreatedAt, stored(now))
			}
			list, err := e.Store.ListSessions(e.ctx, a.ID)
			ok(t, err)
			if len(list) != 1 || !reflect.DeepEqual(list[0], ss) {
				t.Errorf("listed %+v, want %+v", list, ss)
			}
		})
		t.Run("DefaultTimes", func(t *testing.T) {
			e := s.env(t)
			a := e.mustAccount()
			ss := &hearth.Session{AccountID: a.ID, ExpiresAt: start.Add(time.Hour)}
			ok(t, e.Store.CreateSession(e.ctx, ss, []byte("hash-1")))
			if !ss.CreatedAt.Equal(stored(start)) || !ss.LastSeenAt.Equal(stored(start)) {
				t.Errorf("times %v %v, want the store's clock", ss.CreatedAt, ss.LastSeenAt)
			}
		})
		for _, tc := range []struct {
			name string
			edit func(*hearth.Session, *[]byte)
			code string
		}{
			{"NoTokenHash", func(ss *hearth.Session, h *[]byte) { *h = nil }, hearth.EINVALID},
			{"NoExpiry", func(ss *hearth.Session, h *[]byte) { ss.ExpiresAt = time.Time{} }, hearth.EINVALID},
			{"LongDevice", func(ss *hearth.Session, h *[]byte) { ss.Device = strings.Repeat("d", 65) }, hearth.EINVALID},
			{"NoAccount", func(ss *hearth.Session, h *[]byte) { ss.AccountID = 999 }, hearth.ENOTFOUND},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := s.env(t)
				a := e.mustAccount()
				ss := &hearth.Session{AccountID: a.ID, CreatedAt: start, ExpiresAt: start.Add(time.Hour)}
				hash := []byte("hash-1")
				tc.edit(ss, &hash)
				wantCode(t, e.Store.CreateSession(e.ctx, ss, hash), tc.code)
			})
		}
		t.Run("SameTokenHash", func(t *testing.T) {
			e := s.env(t)
			a := e.mustAccount()
			ss := &hearth.Session{AccountID: a.ID, ExpiresAt: start.Add(time.Hour)}
			ok(t, e.Store.CreateSession(e.ctx, ss, []byte("hash-1")))
			ss2 := &hearth.Session{AccountID: a.ID, ExpiresAt: start.Add(time.Hour)}
			wantCode(t, e.Store.CreateSession(e.ctx, ss2, []byte("hash-1")), hearth.ECONFLICT)
		})
	})

	t.Run("FindSession", func(t *testing.T) {
		const idle = 2 * time.Hour
		for _, tc := range []struct {
			name  string
			after time.Duration // since the session was created
			want  string
		}{
			{"Live", time.Hour, ""},
			{"JustBeforeIdleEnd", idle, ""},
			{"Idle", idle + time.Second, hearth.ENOTFOUND},
			{"AtAbsoluteEnd", 24 * time.Hour, hearth.ENOTFOUND},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := s.env(t)
				a := e.mustAccount(func(a *hearth.Account) { a.Email = "river@example.org" })
				ss, hash := e.mustSession(a.ID)
				if tc.name == "AtAbsoluteEnd" {
					// Keep it from idling so only the absolute end applies.
					ok(t, e.Store.TouchSession(e.ctx, ss.ID, start.Add(23*time.Hour)))
				}
				now := start.Add(tc.after)
				got, acct, err := e.Store.FindSession(e.ctx, hash, now, now.Add(-idle))
				wantCode(t, err, tc.want)
				if tc.want == "" {
					// The account comes without its private fields: the
					// lookup every request makes unseals nothing.
					if got.ID != ss.ID || acct.ID != a.ID || acct.Handle != a.Handle || acct.Email != "" {
						t.Errorf("found session %+v of account %+v", got, acct)
					}
					return
				}
				if got != nil || acct != nil {
					t.Errorf("ENOTFOUND with %v %v", got, acct)
				}
				if list, _ := e.Store.ListSessions(e.ctx, a.ID); len(list) != 0 {
					t.Errorf("the ended session was not removed")
				}
			})
		}
		t.Run("UnknownToken", func(t *testing.T) {
			e := s.env(t)
			_, _, err := e.Store.FindSession(e.ctx, []byte("nope"), start, start.Add(-time.Hour))
			wantCode(t, err, hearth.ENOTFOUND)
		})
	})

	// FindSession may answer from memory (sqlstore's session cache); every
	// change made through the store must still be seen by the very next
	// lookup, on a session that was looked up just before the change.
	t.Run("ChangesSeenAtOnce", func(t *testing.T) {
		str := func(s string) *string { return &s }
		for _, tc := range []struct {
			name   string
			change func(e *env, a *hearth.Account, ss *hearth.Session) error
			check  func(t *testing.T, a *hearth.Account, err error)
		}{
			{"DeleteSession", func(e *env, a *hearth.Account, ss *hearth.Session) error {
				return e.Store.DeleteSession(e.ctx, a.ID, ss.ID)
			}, gone},
			{"DeleteSessions", func(e *env, a *hearth.Account, ss *hearth.Session) error {
				return e.Store.DeleteSessions(e.ctx, a.ID, 0)
			}, gone},
			{"DeleteSessionsButAnother", func(e *env, a *hearth.Account, ss *hearth.Session) error {
				other, _ := e.mustSession(a.ID)
				return e.Store.DeleteSessions(e.ctx, a.ID, other.ID)
			}, gone},
			{"SetPassword", func(e *env, a *hearth.Account, ss *hearth.Session) error {
				other, _ := e.mustSession(a.ID)
				return e.Store.SetPassword(e.ctx, a.ID, "new-hash", other.ID)
			}, gone},
			{"RedeemRecoveryCode", func(e *env, a *hearth.Account, ss *hearth.Session) error {
				return e.Store.RedeemRecoveryCode(e.ctx, a.ID, codeHash("code-1"), "new-hash")
			}, gone},
			{"DeleteAccount", func(e *env, a *hearth.Account, ss *hearth.Session) error {
				return e.Store.DeleteAccount(e.ctx, a.ID)
			}, gone},
			{"UpdateAccount", func(e *env, a *hearth.Account, ss *hearth.Session) error {
				_, err := e.Store.UpdateAccount(e.ctx, a.ID, hearth.AccountUpdate{DisplayName: str("Brook"), Language: str("es")})
				return err
			}, func(t *testing.T, a *hearth.Account, err error) {
				ok(t, err)
				if a.DisplayName != "Brook" || a.Language != "es" {
					t.Errorf("after the profile changed, the session's account is %q in %q", a.DisplayName, a.Language)
				}
			}},
			{"SetRole", func(e *env, a *hearth.Account, ss *hearth.Session) error {
				return e.Store.SetRole(e.ctx, a.Handle, hearth.RoleAdmin)
			}, func(t *testing.T, a *hearth.Account, err error) {
				ok(t, err)
				if a.Role != hearth.RoleAdmin {
					t.Errorf("after the role changed, the session's account has role %q", a.Role)
				}
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := s.env(t)
				a := e.mustAccount()
				ss, hash := e.mustSession(a.ID)
				find := func() (*hearth.Account, error) {
					_, acct, err := e.Store.FindSession(e.ctx, hash, start, start.Add(-time.Hour))
					return acct, err
				}
				for range 2 { // the second lookup may be the cache's
					_, err := find()
					ok(t, err)
				}
				ok(t, tc.change(e, a, ss))
				acct, err := find()
				tc.check(t, acct, err)
			})
		}
		t.Run("AnotherAccountsChange", func(t *testing.T) {
			e := s.env(t)
			a, b := e.mustAccount(), e.mustAccount()
			_, hash := e.mustSession(a.ID)
			_, _, err := e.Store.FindSession(e.ctx, hash, start, start.Add(-time.Hour))
			ok(t, err)
			ok(t, e.Store.DeleteSessions(e.ctx, b.ID, 0))
			_, acct, err := e.Store.FindSession(e.ctx, hash, start, start.Add(-time.Hour))
			ok(t, err)
			if acct.ID != a.ID {
				t.Errorf("found account %d, want %d", acct.ID, a.ID)
			}
		})
		t.Run("ReturnedValuesAreCopies", func(t *testing.T) {
			e := s.env(t)
			a := e.mustAccount()
			_, hash := e.mustSession(a.ID)
			ss1, a1, err := e.Store.FindSession(e.ctx, hash, start, start.Add(-time.Hour))
			ok(t, err)
			ss1.LastSeenAt, a1.DisplayName = time.Time{}, "changed by a caller"
			ss2, a2, err := e.Store.FindSession(e.ctx, hash, start, start.Add(-time.Hour))
			ok(t, err)
			if ss2.LastSeenAt.IsZero() || a2.DisplayName != a.DisplayName {
				t.Errorf("a caller's change to what FindSession returned reached the next caller: %v %q", ss2.LastSeenAt, a2.DisplayName)
			}
		})
	})

	t.Run("TouchSession", func(t *testing.T) {
		e := s.env(t)
		a := e.mustAccount()
		ss, hash := e.mustSession(a.ID)
		_, _, err := e.Store.FindSession(e.ctx, hash, start, start.Add(-time.Hour))
		ok(t, err)
		later := start.Add(3 * time.Hour)
		ok(t, e.Store.TouchSession(e.ctx, ss.ID, later))
		// Idle since before the touch: found only if the touch is seen.
		got, _, err := e.Store.FindSession(e.ctx, hash, later.Add(time.Hour), later.Add(-time.Hour))
		ok(t, err)
		if !got.LastSeenAt.Equal(stored(later)) {
			t.Errorf("last seen %v, want %v", got.LastSeenAt, stored(later))
		}
		wantCode(t, e.Store.TouchSession(e.ctx, ss.ID+1000, later), hearth.ENOTFOUND)
	})

	t.Run("ListSessions", func(t *testing.T) {
		e := s.env(t)
		a, b := e.mustAccount(), e.mustAccount()
		s1, _ := e.mustSession(a.ID)
		s2, _ := e.mustSession(a.ID)
		s3, _ := e.mustSession(a.ID)
		e.mustSession(b.ID)
		ok(t, e.Store.TouchSession(e.ctx, s1.ID, start.Add(time.Hour)))
		list, err := e.Store.ListSessions(e.ctx, a.ID)
		ok(t, err)
		var ids []int64
		for _, ss := range list {
			ids = append(ids, ss.ID)
		}
		if want := []int64{s1.ID, s3.ID, s2.ID}; !reflect.DeepEqual(ids, want) {
			t.Errorf("order %v, want %v (newest activity first)", ids, want)
		}
		list, err = e.Store.ListSessions(e.ctx, 999)
		ok(t, err)
		if len(list) != 0 {
			t.Errorf("sessions of no account: %v", list)
		}
	})

	t.Run("DeleteSession", func(t *testing.T) {
		e := s.env(t)
		a, b := e.mustAccount(), e.mustAccount()
		ss, hash := e.mustSession(a.ID)
		wantCode(t, e.Store.DeleteSession(e.ctx, b.ID, ss.ID), hearth.ENOTFOUND)
		ok(t, e.Store.DeleteSession(e.ctx, a.ID, ss.ID))
		_, _, err := e.Store.FindSession(e.ctx, hash, start, start.Add(-time.Hour))
		wantCode(t, err, hearth.ENOTFOUND)
		wantCode(t, e.Store.DeleteSession(e.ctx, a.ID, ss.ID), hearth.ENOTFOUND)
	})

	t.Run("DeleteSessions", func(t *testing.T) {
		for _, tc := range []struct {
			name     string
			keep     bool
			wantLeft int
		}{{"All", false, 0}, {"AllButOne", true, 1}} {
			t.Run(tc.name, func(t *testing.T) {
				e := s.env(t)
				a, b := e.mustAccount(), e.mustAccount()
				e.mustSession(a.ID)
				keep, _ := e.mustSession(a.ID)
				e.mustSession(b.ID)
				var except int64
				if tc.keep {
					except = keep.ID
				}
				ok(t, e.Store.DeleteSessions(e.ctx, a.ID, except))
				list, _ := e.Store.ListSessions(e.ctx, a.ID)
				if len(list) != tc.wantLeft || (tc.keep && list[0].ID != keep.ID) {
					t.Errorf("left %v", list)
				}
				if list, _ := e.Store.ListSessions(e.ctx, b.ID); len(list) != 1 {
					t.Errorf("another account's sessions were ended")
				}
			})
		}
	})

	t.Run("DeleteExpiredSessions", func(t *testing.T) {
		e := s.env(t)
		a := e.mustAccount()
		now := start.Add(48 * time.Hour)
		idleSince := now.Add(-time.Hour)
		for _, ss := range []struct {
			name              string
			lastSeen, expires time.Time
		}{
			{"live", now.Add(-time.Minute), now.Add(time.Hour)},
			{"idle", idleSince.Add(-time.Second), now.Add(time.Hour)},
			{"expired", now.Add(-time.Minute), now},
		} {
			ok(t, e.Store.CreateSession(e.ctx, &hearth.Session{
				AccountID: a.ID, Device: ss.name, CreatedAt: start, LastSeenAt: ss.lastSeen, ExpiresAt: ss.expires,
			}, []byte(ss.name)))
		}
		n, err := e.Store.DeleteExpiredSessions(e.ctx, now, idleSince)
		ok(t, err)
		if n != 2 {
			t.Errorf("removed %d, want 2", n)
		}
		list, _ := e.Store.ListSessions(e.ctx, a.ID)
		if len(list) != 1 || list[0].Device != "live" {
			t.Errorf("left %+v, want only the live session", list)
		}
		n, err = e.Store.DeleteExpiredSessions(e.ctx, now, idleSince)
		ok(t, err)
		if n != 0 {
			t.Errorf("second sweep removed %d", n)
		}
	})
}

// gone checks that a session lookup found nothing.
func gone(t *testing.T, a *hearth.Account, err error) {
	t.Helper()
	wantCode(t, err, hearth.ENOTFOUND)
}
