package storetest

import (
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"hearth"
)

func (s suite) account(t *testing.T) {
	t.Run("CreateAccount", func(t *testing.T) {
		t.Run("OK", func(t *testing.T) {
			e := s.env(t)
			a := newAccount(func(a *hearth.Account) { a.Handle = "  River.4821 "; a.Email = "river@example.org" })
			ok(t, e.Store.CreateAccount(e.ctx, hearth.NewAccount{Account: a, PasswordHash: "hash"}))
			if a.ID == 0 {
				t.Fatal("no ID")
			}
			if a.Handle != "river.4821" {
				t.Errorf("handle %q, want it stored lower case and trimmed", a.Handle)
			}
			if want := stored(start); !a.CreatedAt.Equal(want) || !a.UpdatedAt.Equal(want) {
				t.Errorf("times %v %v, want the store's clock %v", a.CreatedAt, a.UpdatedAt, want)
			}
			got, err := e.Store.FindAccountByID(e.ctx, a.ID)
			ok(t, err)
			if !reflect.DeepEqual(got, a) {
				t.Errorf("read back\n%+v\nwant\n%+v", got, a)
			}
		})
		t.Run("RoleDefaultsToMember", func(t *testing.T) {
			e := s.env(t)
			a := newAccount(func(a *hearth.Account) { a.Role = "" })
			ok(t, e.Store.CreateAccount(e.ctx, hearth.NewAccount{Account: a, PasswordHash: "hash"}))
			got, err := e.Store.FindAccountByID(e.ctx, a.ID)
			ok(t, err)
			if got.Role != hearth.RoleMember {
				t.Errorf("role %q", got.Role)
			}
		})
		t.Run("HandleTaken", func(t *testing.T) {
			e := s.env(t)
			a := e.mustAccount()
			b := newAccount(func(b *hearth.Account) { b.Handle = strings.ToUpper(a.Handle) })
			err := e.Store.CreateAccount(e.ctx, hearth.NewAccount{Account: b, PasswordHash: "hash"})
			wantCode(t, err, hearth.ECONFLICT)
			if b.ID != 0 {
				t.Errorf("failed create gave the account ID %d", b.ID)
			}
			if n, _ := e.Store.CountAccounts(e.ctx); n != 1 {
				t.Errorf("%d accounts after a conflict, want 1", n)
			}
		})
		t.Run("Invalid", func(t *testing.T) {
			for _, tc := range []struct {
				name  string
				edit  func(*hearth.NewAccount)
				field string
			}{
				{"NoDisplayName", func(n *hearth.NewAccount) { n.Account.DisplayName = " " }, "display_name"},
				{"BadLanguage", func(n *hearth.NewAccount) { n.Account.Language = "xx" }, "language"},
				{"BadTimeZone", func(n *hearth.NewAccount) { n.Account.TimeZone = "Mars/Olympus" }, "time_zone"},
				{"BadEmail", func(n *hearth.NewAccount) { n.Account.Email = "not an email" }, "email"},
				{"NoHandle", func(n *hearth.NewAccount) { n.Account.Handle = "  " }, "handle"},
				{"HandleWithSpace", func(n *hearth.NewAccount) { n.Account.Handle = "river stone" }, "handle"},
				{"LongHandle", func(n *hearth.NewAccount) { n.Account.Handle = strings.Repeat("r", 65) }, "handle"},
				{"NoPasswordHash", func(n *hearth.NewAccount) { n.PasswordHash = "" }, "password"},
				{"BadRole", func(n *hearth.NewAccount) { n.Account.Role = "root" }, "role"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					e := s.env(t)
					n := hearth.NewAccount{Account: newAccount(), PasswordHash: "hash"}
					tc.edit(&n)
					err := e.Store.CreateAccount(e.ctx, n)
					wantCode(t, err, hearth.EINVALID)
					if _, ok := hearth.ErrorFields(err)[tc.field]; !ok {
						t.Errorf("fields %v, want %q at fault", hearth.ErrorFields(err), tc.field)
					}
				})
			}
		})
		t.Run("EveryFieldAtFaultAtOnce", func(t *testing.T) {
			e := s.env(t)
			a := newAccount(func(a *hearth.Account) { a.DisplayName, a.Handle, a.Role = "", "", "root" })
			err := e.Store.CreateAccount(e.ctx, hearth.NewAccount{Account: a, PasswordHash: "hash"})
			wantCode(t, err, hearth.EINVALID)
			for _, field := range []string{"display_name", "handle", "role"} {
				if _, ok := hearth.ErrorFields(err)[field]; !ok {
					t.Errorf("fields %v, want %q at fault too", hearth.ErrorFields(err), field)
				}
			}
		})
		t.Run("ConcurrentSameHandle", func(t *testing.T) {
			e := s.env(t)
			const n = 4
			errs := make([]error, n)
			var wg sync.WaitGroup
			gate := make(chan struct{})
			for i := range n {
				wg.Go(func() {
					<-gate
					a := newAccount(func(a *hearth.Account) { a.Handle = "same.0001" })
					errs[i] = e.Store.CreateAccount(e.ctx, hearth.NewAccount{Account: a, PasswordHash: "hash"})
				})
			}
			close(gate)
			wg.Wait()
			won := 0
			for _, err := range errs {
				switch hearth.ErrorCode(err) {
				case "":
					won++
				case hearth.ECONFLICT:
				default:
					t.Errorf("unexpected error: %v", err)
				}
			}
			if won != 1 {
				t.Errorf("%d creates won, want exactly 1", won)
			}
		})
	})

	t.Run("FindAccountByID", func(t *testing.T) {
		e := s.env(t)
		a := e.mustAccount()
		got, err := e.Store.FindAccountByID(e.ctx, a.ID)
		ok(t, err)
		if got.Handle != a.Handle {
			t.Errorf("handle %q, want %q", got.Handle, a.Handle)
		}
		_, err = e.Store.FindAccountByID(e.ctx, a.ID+1000)
		wantCode(t, err, hearth.ENOTFOUND)
	})

	t.Run("FindAccountByHandle", func(t *testing.T) {
		e := s.env(t)
		a := e.mustAccount()
		want, err := e.Store.PasswordHash(e.ctx, a.ID)
		ok(t, err)
		for _, typed := range []string{a.Handle, strings.ToUpper(a.Handle), " " + a.Handle + " "} {
			got, hash, err := e.Store.FindAccountByHandle(e.ctx, typed)
			ok(t, err)
			if got.ID != a.ID || hash != want {
				t.Errorf("%q: got account %d hash %q, want %d %q", typed, got.ID, hash, a.ID, want)
			}
		}
		got, hash, err := e.Store.FindAccountByHandle(e.ctx, "nobody.0000")
		wantCode(t, err, hearth.ENOTFOUND)
		if got != nil || hash != "" {
			t.Errorf("not found gave %v %q", got, hash)
		}
	})

	t.Run("HandleTaken", func(t *testing.T) {
		e := s.env(t)
		a := e.mustAccount()
		for _, tc := range []struct {
			handle string
			want   bool
		}{
			{a.Handle, true},
			{strings.ToUpper(a.Handle), true},
			{"nobody.0000", false},
		} {
			got, err := e.Store.HandleTaken(e.ctx, tc.handle)
			ok(t, err)
			if got != tc.want {
				t.Errorf("HandleTaken(%q) = %v, want %v", tc.handle, got, tc.want)
			}
		}
	})

	t.Run("PasswordHash", func(t *testing.T) {
		e := s.env(t)
		a := newAccount()
		ok(t, e.Store.CreateAccount(e.ctx, hearth.NewAccount{Account: a, PasswordHash: "argon2id$abc"}))
		got, err := e.Store.PasswordHash(e.ctx, a.ID)
		ok(t, err)
		if got != "argon2id$abc" {
			t.Errorf("hash %q", got)
		}
		_, err = e.Store.PasswordHash(e.ctx, a.ID+1000)
		wantCode(t, err, hearth.ENOTFOUND)
	})

	t.Run("UpdateAccount", func(t *testing.T) {
		str := func(s string) *string { return &s }
		t.Run("OK", func(t *testing.T) {
			e := s.env(t)
			a := e.mustAccount()
			e.clock.Advance(time.Hour)
			got, err := e.Store.UpdateAccount(e.ctx, a.ID, hearth.AccountUpdate{
				DisplayName: str(" Stone "),
				Language:    str("es"),
				Email:       str("stone@example.org"),
			})
			ok(t, err)
			want := *a
			want.DisplayName, want.Language, want.Email = "Stone", "es", "stone@example.org"
			want.UpdatedAt = stored(start.Add(time.Hour))
			if !reflect.DeepEqual(got, &want) {
				t.Errorf("returned\n%+v\nwant\n%+v", got, &want)
			}
			read, err := e.Store.FindAccountByID(e.ctx, a.ID)
			ok(t, err)
			if !reflect.DeepEqual(read, &want) {
				t.Errorf("read back\n%+v\nwant\n%+v", read, &want)
			}
		})
		t.Run("ClearEmail", func(t *testing.T) {
			e := s.env(t)
			a := e.mustAccount(func(a *hearth.Account) { a.Email = "river@example.org" })
			_, err := e.Store.UpdateAccount(e.ctx, a.ID, hearth.AccountUpdate{Email: str("")})
			ok(t, err)
			got, err := e.Store.FindAccountByID(e.ctx, a.ID)
			ok(t, err)
			if got.Email != "" {
				t.Errorf("email %q after clearing", got.Email)
			}
		})
		t.Run("Invalid", func(t *testing.T) {
			e := s.env(t)
			a := e.mustAccount()
			_, err := e.Store.UpdateAccount(e.ctx, a.ID, hearth.AccountUpdate{TimeZone: str("Nowhere/Else")})
			wantCode(t, err, hearth.EINVALID)
			got, err := e.Store.FindAccountByID(e.ctx, a.ID)
			ok(t, err)
			if got.TimeZone != a.TimeZone {
				t.Errorf("time zone changed to %q by a failed update", got.TimeZone)
			}
		})
		t.Run("NotFound", func(t *testing.T) {
			e := s.env(t)
			_, err := e.Store.UpdateAccount(e.ctx, 999, hearth.AccountUpdate{DisplayName: str("X")})
			wantCode(t, err, hearth.ENOTFOUND)
		})
	})

	t.Run("SetPassword", func(t *testing.T) {
		t.Run("KeepsOneSession", func(t *testing.T) {
			e := s.env(t)
			a := e.mustAccount()
			e.mustSession(a.ID)
			keep, _ := e.mustSession(a.ID)
			e.mustSession(a.ID)
			ok(t, e.Store.SetPassword(e.ctx, a.ID, "new-hash", keep.ID))
			if h, _ := e.Store.PasswordHash(e.ctx, a.ID); h != "new-hash" {
				t.Errorf("hash %q", h)
			}
			list, err := e.Store.ListSessions(e.ctx, a.ID)
			ok(t, err)
			if len(list) != 1 || list[0].ID != keep.ID {
				t.Errorf("sessions left %v, want only %d", list, keep.ID)
			}
		})
		t.Run("EndsAllSessions", func(t *testing.T) {
			e := s.env(t)
			a := e.mustAccount()
			e.mustSession(a.ID)
			e.mustSession(a.ID)
			ok(t, e.Store.SetPassword(e.ctx, a.ID, "new-hash", 0))
			if list, _ := e.Store.ListSessions(e.ctx, a.ID); len(list) != 0 {
				t.Errorf("%d sessions left", len(list))
			}
		})
		t.Run("OtherAccountsSessionsStay", func(t *testing.T) {
			e := s.env(t)
			a, b := e.mustAccount(), e.mustAccount()
			e.mustSession(b.ID)
			ok(t, e.Store.SetPassword(e.ctx, a.ID, "new-hash", 0))
			if list, _ := e.Store.ListSessions(e.ctx, b.ID); len(list) != 1 {
				t.Errorf("another account's sessions were ended")
			}
		})
		t.Run("NotFound", func(t *testing.T) {
			e := s.env(t)
			wantCode(t, e.Store.SetPassword(e.ctx, 999, "new-hash", 0), hearth.ENOTFOUND)
		})
	})

	t.Run("RehashPassword", func(t *testing.T) {
		t.Run("KeepsSessionsAndTokens", func(t *testing.T) {
			e := s.env(t)
			a := e.mustAccount()
			_, sess := e.mustSession(a.ID)
			_, tok := e.mustToken(a.ID, "laptop")
			old, err := e.Store.PasswordHash(e.ctx, a.ID)
			ok(t, err)
			ok(t, e.Store.RehashPassword(e.ctx, a.ID, old, "stronger-hash"))
			if h, _ := e.Store.PasswordHash(e.ctx, a.ID); h != "stronger-hash" {
				t.Errorf("hash %q, want stronger-hash", h)
			}
			_, _, err = e.Store.FindSession(e.ctx, sess, start, start.Add(-time.Hour))
			ok(t, err)
			_, _, err = e.Store.FindAccessToken(e.ctx, tok, start)
			ok(t, err)
		})
		t.Run("PasswordChangedMeanwhile", func(t *testing.T) {
			e := s.env(t)
			a := e.mustAccount()
			old, err := e.Store.PasswordHash(e.ctx, a.ID)
			ok(t, err)
			ok(t, e.Store.SetPassword(e.ctx, a.ID, "new-hash", 0))
			wantCode(t, e.Store.RehashPassword(e.ctx, a.ID, old, "stronger-old-hash"), hearth.ENOTFOUND)
			if h, _ := e.Store.PasswordHash(e.ctx, a.ID); h != "new-hash" {
				t.Errorf("hash %q: a rehash of the old password undid the new one", h)
			}
		})
		t.Run("NotFound", func(t *testing.T) {
			e := s.env(t)
			wantCode(t, e.Store.RehashPassword(e.ctx, 999, "old", "new"), hearth.ENOTFOUND)
		})
		t.Run("NoHash", func(t *testing.T) {
			e := s.env(t)
			a := e.mustAccount()
			old, _ := e.Store.PasswordHash(e.ctx, a.ID)
			wantCode(t, e.Store.RehashPassword(e.ctx, a.ID, old, ""), hearth.EINVALID)
			if h, _ := e.Store.PasswordHash(e.ctx, a.ID); h != old {
				t.Errorf("hash %q, want it unchanged", h)
			}
		})
	})

	t.Run("RedeemRecoveryCode", func(t *testing.T) {
		t.Run("OK", func(t *testing.T) {
			e := s.env(t)
			a := e.mustAccount()
			e.mustSession(a.ID)
			ok(t, e.Store.RedeemRecoveryCode(e.ctx, a.ID, codeHash("code-1"), "new-hash"))
			if h, _ := e.Store.PasswordHash(e.ctx, a.ID); h != "new-hash" {
				t.Errorf("hash %q", h)
			}
			if list, _ := e.Store.ListSessions(e.ctx, a.ID); len(list) != 0 {
				t.Errorf("%d sessions left", len(list))
			}
			if n, _ := e.Store.RecoveryCodesLeft(e.ctx, a.ID); n != 1 {
				t.Errorf("%d codes left, want 1", n)
			}
		})
		for _, tc := range []struct {
			name string
			redo func(e *env, a, b *hearth.Account) error
		}{
			{"SpentCode", func(e *env, a, b *hearth.Account) error {
				ok(e.t, e.Store.RedeemRecoveryCode(e.ctx, a.ID, codeHash("code-1"), "first"))
				return e.Store.RedeemRecoveryCode(e.ctx, a.ID, codeHash("code-1"), "second")
			}},
			{"UnknownCode", func(e *env, a, b *hearth.Account) error {
				return e.Store.RedeemRecoveryCode(e.ctx, a.ID, codeHash("code-9"), "second")
			}},
			{"AnotherAccountsCode", func(e *env, a, b *hearth.Account) error {
				return e.Store.RedeemRecoveryCode(e.ctx, b.ID, codeHash("code-1"), "second")
			}},
			{"NoAccount", func(e *env, a, b *hearth.Account) error {
				return e.Store.RedeemRecoveryCode(e.ctx, 999, codeHash("code-1"), "second")
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := s.env(t)
				a := e.mustAccount()
				b := newAccount()
				ok(t, e.Store.CreateAccount(e.ctx, hearth.NewAccount{Account: b, PasswordHash: "b-hash"}))
				before, _ := e.Store.PasswordHash(e.ctx, a.ID)
				wantCode(t, tc.redo(e, a, b), hearth.ENOTFOUND)
				if h, _ := e.Store.PasswordHash(e.ctx, b.ID); h != "b-hash" {
					t.Errorf("other account's password changed")
				}
				if tc.name != "SpentCode" {
					if h, _ := e.Store.PasswordHash(e.ctx, a.ID); h != before {
						t.Errorf("password changed by a failed redemption")
					}
				}
			})
		}
		t.Run("ConcurrentRedemptionsOneWins", func(t *testing.T) {
			e := s.env(t)
			a := e.mustAccount()
			for round := range 5 {
				code := codeHash("race-" + random(4))
				ok(t, e.Store.ReplaceRecoveryCodes(e.ctx, a.ID, [][]byte{code}))
				const n = 8
				errs := make([]error, n)
				var wg sync.WaitGroup
				gate := make(chan struct{})
				for i := range n {
					wg.Go(func() {
						<-gate
						errs[i] = e.Store.RedeemRecoveryCode(e.ctx, a.ID, code, "hash")
					})
				}
				close(gate)
				wg.Wait()
				won := 0
				for _, err := range errs {
					switch hearth.ErrorCode(err) {
					case "":
						won++
					case hearth.ENOTFOUND:
					default:
						t.Errorf("round %d: unexpected error: %v", round, err)
					}
				}
				if won != 1 {
					t.Fatalf("round %d: %d of %d redemptions of one code won, want exactly 1", round, won, n)
				}
			}
		})
	})

	t.Run("RecoveryCodesLeft", func(t *testing.T) {
		e := s.env(t)
		a := e.mustAccount()
		for _, tc := range []struct {
			spend string
			want  int
		}{{"", 2}, {"code-1", 1}, {"code-2", 0}} {
			if tc.spend != "" {
				ok(t, e.Store.RedeemRecoveryCode(e.ctx, a.ID, codeHash(tc.spend), "hash"))
			}
			n, err := e.Store.RecoveryCodesLeft(e.ctx, a.ID)
			ok(t, err)
			if n != tc.want {
				t.Errorf("after spending %q: %d left, want %d", tc.spend, n, tc.want)
			}
		}
	})

	t.Run("ReplaceRecoveryCodes", func(t *testing.T) {
		t.Run("OK", func(t *testing.T) {
			e := s.env(t)
			a := e.mustAccount()
			ok(t, e.Store.RedeemRecoveryCode(e.ctx, a.ID, codeHash("code-1"), "hash"))
			ok(t, e.Store.ReplaceRecoveryCodes(e.ctx, a.ID, [][]byte{codeHash("new-1"), codeHash("new-2"), codeHash("new-3")}))
			if n, _ := e.Store.RecoveryCodesLeft(e.ctx, a.ID); n != 3 {
				t.Errorf("%d codes left, want 3", n)
			}
			wantCode(t, e.Store.RedeemRecoveryCode(e.ctx, a.ID, codeHash("code-2"), "hash"), hearth.ENOTFOUND)
			ok(t, e.Store.RedeemRecoveryCode(e.ctx, a.ID, codeHash("new-2"), "hash"))
		})
		t.Run("NotFound", func(t *testing.T) {
			e := s.env(t)
			wantCode(t, e.Store.ReplaceRecoveryCodes(e.ctx, 999, [][]byte{codeHash("x")}), hearth.ENOTFOUND)
		})
	})

	t.Run("SetRole", func(t *testing.T) {
		e := s.env(t)
		a := e.mustAccount()
		ok(t, e.Store.SetRole(e.ctx, strings.ToUpper(a.Handle), hearth.RoleAdmin))
		if got, _ := e.Store.FindAccountByID(e.ctx, a.ID); got.Role != hearth.RoleAdmin {
			t.Errorf("role %q", got.Role)
		}
		wantCode(t, e.Store.SetRole(e.ctx, a.Handle, "root"), hearth.EINVALID)
		wantCode(t, e.Store.SetRole(e.ctx, "nobody.0000", hearth.RoleAdmin), hearth.ENOTFOUND)
	})

	t.Run("DeleteAccount", func(t *testing.T) {
		t.Run("OK", func(t *testing.T) {
			e := s.env(t)
			a, b := e.mustAccount(), e.mustAccount()
			_, sessHash := e.mustSession(a.ID)
			_, tokHash := e.mustToken(a.ID, "laptop")
			g := e.mustGroup(b.ID)
			ok(t, e.Store.AddGroupMember(e.ctx, g.ID, a.ID, hearth.GroupMember))
			e.mustSession(b.ID)

			ok(t, e.Store.DeleteAccount(e.ctx, a.ID))

			_, err := e.Store.FindAccountByID(e.ctx, a.ID)
			wantCode(t, err, hearth.ENOTFOUND)
			_, _, err = e.Store.FindAccountByHandle(e.ctx, a.Handle)
			wantCode(t, err, hearth.ENOTFOUND)
			_, _, err = e.Store.FindSession(e.ctx, sessHash, start, start.Add(-time.Hour))
			wantCode(t, err, hearth.ENOTFOUND)
			_, _, err = e.Store.FindAccessToken(e.ctx, tokHash, start)
			wantCode(t, err, hearth.ENOTFOUND)
			_, err = e.Store.WrappedDataKey(e.ctx, a.ID)
			wantCode(t, err, hearth.ENOTFOUND)
			if n, _ := e.Store.RecoveryCodesLeft(e.ctx, a.ID); n != 0 {
				t.Errorf("%d recovery codes left", n)
			}
			if list, _ := e.Store.MyGroups(e.ctx, a.ID); len(list) != 0 {
				t.Errorf("still in %d groups", len(list))
			}
			if taken, _ := e.Store.HandleTaken(e.ctx, a.Handle); taken {
				t.Errorf("handle still taken")
			}
			// The other member is untouched.
			if _, err := e.Store.FindAccountByID(e.ctx, b.ID); err != nil {
				t.Errorf("other account: %v", err)
			}
			if list, _ := e.Store.ListSessions(e.ctx, b.ID); len(list) != 1 {
				t.Errorf("other account has %d sessions, want 1", len(list))
			}
			if list, _ := e.Store.MyGroups(e.ctx, b.ID); len(list) != 1 {
				t.Errorf("other account is in %d groups, want 1", len(list))
			}
		})
		t.Run("IDNotReused", func(t *testing.T) {
			e := s.env(t)
			e.mustAccount()
			a := e.mustAccount()
			ok(t, e.Store.DeleteAccount(e.ctx, a.ID))
			b := e.mustAccount()
			if b.ID <= a.ID {
				t.Errorf("new account got ID %d after %d was erased; IDs must not be reused", b.ID, a.ID)
			}
		})
		t.Run("NotFound", func(t *testing.T) {
			e := s.env(t)
			wantCode(t, e.Store.DeleteAccount(e.ctx, 999), hearth.ENOTFOUND)
		})
	})

	t.Run("CountAccounts", func(t *testing.T) {
		e := s.env(t)
		for want := range 3 {
			n, err := e.Store.CountAccounts(e.ctx)
			ok(t, err)
			if n != want {
				t.Errorf("%d accounts, want %d", n, want)
			}
			e.mustAccount()
		}
	})
}
