package storetest

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"hearth"
	"hearth/vault"
)

// privateField is a field that is sealed with its owner's data key: how to
// give a new account a value in it, how to change it, and how to read it
// back. Every private field is listed in privateFields, so that the canary
// scan covers it.
type privateField struct {
	name   string
	create func(a *hearth.Account, v string)
	// after, for fields of rows other than the account's, gives the new
	// account a row with the value.
	after  func(e *env, a *hearth.Account, v string)
	update func(e *env, a *hearth.Account, v string)
	read   func(e *env, a *hearth.Account) string
}

var privateFields = []privateField{
	{
		name:   "Account.Email",
		create: func(a *hearth.Account, v string) { a.Email = v },
		update: func(e *env, a *hearth.Account, v string) {
			_, err := e.Store.UpdateAccount(e.ctx, a.ID, hearth.AccountUpdate{Email: &v})
			ok(e.t, err)
		},
		read: func(e *env, a *hearth.Account) string {
			got, err := e.Store.FindAccountByID(e.ctx, a.ID)
			ok(e.t, err)
			return got.Email
		},
	},
	clockField("Clock.Name", func(c *hearth.Clock) *string { return &c.Name }),
	setbackField("Setback.Note", func(sb *hearth.Setback) *string { return &sb.Note }),
	setbackField("Setback.Plan", func(sb *hearth.Setback) *string { return &sb.Plan }),
	checkInField("CheckIn.Gratitude", func(c *hearth.CheckIn) *string { return &c.Gratitude }),
	checkInField("CheckIn.Commitment", func(c *hearth.CheckIn) *string { return &c.Commitment }),
	checkInField("CheckIn.Note", func(c *hearth.CheckIn) *string { return &c.Note }),
	journalField("JournalEntry.Title", func(j *hearth.JournalEntry) *string { return &j.Title }),
	journalField("JournalEntry.Body", func(j *hearth.JournalEntry) *string { return &j.Body }),
	messageField(),
	reachOutPlanField(),
	reachOutField(),
	mutedField(),
}

func init() { privateFields = append(privateFields, stepFields()...) }

// canary is a value no database holds by chance.
func canary(field string) string {
	return "canary-" + random(8) + "@" + strings.ToLower(strings.ReplaceAll(field, ".", "-")) + ".example.org"
}

func (s suite) privacy(t *testing.T) {
	t.Run("CanaryScan", func(t *testing.T) {
		e := s.env(t)
		secrets := map[string][]byte{}
		var accounts []*hearth.Account
		for _, f := range privateFields {
			first, second := canary(f.name), canary(f.name)
			a := e.mustAccount(func(a *hearth.Account) {
				if f.create != nil {
					f.create(a, first)
				}
			})
			if f.after != nil {
				f.after(e, a, first)
			}
			if got := f.read(e, a); got != first {
				t.Errorf("%s: read %q after create, want %q", f.name, got, first)
			}
			f.update(e, a, second)
			if got := f.read(e, a); got != second {
				t.Errorf("%s: read %q after update, want %q", f.name, got, second)
			}
			secrets[f.name+" as created"] = []byte(first)
			secrets[f.name+" as updated"] = []byte(second)
			accounts = append(accounts, a)
		}
		// The other ways an account is read open its fields too, except the
		// session lookup every request makes.
		for _, a := range accounts {
			_, hash := e.mustSession(a.ID)
			_, acct, err := e.Store.FindSession(e.ctx, hash, start, start.Add(-time.Hour))
			ok(t, err)
			if acct.Email != "" {
				t.Errorf("FindSession's account has email %q; the per-request lookup should leave it sealed", acct.Email)
			}
			byID, err := e.Store.FindAccountByID(e.ctx, a.ID)
			ok(t, err)
			_, tok := e.mustToken(a.ID, "script")
			_, acct, err = e.Store.FindAccessToken(e.ctx, tok, start)
			ok(t, err)
			if acct.Email != byID.Email {
				t.Errorf("FindAccessToken's account has email %q, want %q", acct.Email, byID.Email)
			}
			byHandle, _, err := e.Store.FindAccountByHandle(e.ctx, a.Handle)
			ok(t, err)
			if byHandle.Email != byID.Email {
				t.Errorf("FindAccountByHandle's account has email %q, want %q", byHandle.Email, byID.Email)
			}
			wrapped, err := e.Store.WrappedDataKey(e.ctx, a.ID)
			ok(t, err)
			secrets[fmt.Sprintf("plaintext data key of account %d", a.ID)] = rawDataKey(t, e.Keys, a.ID, wrapped)
			// The calendar token is kept sealed (so that it can be shown
			// again) and as its hash; never as it is.
			cal, err := e.Store.NewCalendarToken(e.ctx, a.ID)
			ok(t, err)
			if shown, err := e.Store.CalendarToken(e.ctx, a.ID); err != nil || shown != cal {
				t.Errorf("calendar token shown as %q, %v; want %q", shown, err, cal)
			}
			secrets[fmt.Sprintf("calendar token of account %d", a.ID)] = []byte(cal)
		}
		for i, k := range serverKeys(t, e.Keys) {
			secrets[fmt.Sprintf("server key %d", i)] = k
		}

		dump := e.Dump()
		// A dump that holds nothing proves nothing: the sign-in names,
		// which are not private, must be in it.
		for _, a := range accounts {
			if len(findIn(dump, map[string][]byte{"handle": []byte(a.Handle)})) == 0 {
				t.Fatalf("the dump (%d bytes) does not hold the handle %q; is it the database?", len(dump), a.Handle)
			}
		}
		if found := findIn(dump, secrets); len(found) > 0 {
			t.Errorf("a raw copy of the database holds: %s", strings.Join(found, "; "))
		}
	})

	t.Run("Erasure", func(t *testing.T) {
		e := s.env(t)
		// Enough members around the erased one that their rows share and
		// split pages with its rows.
		var keep []*hearth.Account
		member := func(i int) *hearth.Account {
			return e.mustAccount(func(a *hearth.Account) {
				a.DisplayName = fmt.Sprintf("Member %d %s", i, strings.Repeat("~", 40))
				a.Email = canary("kept")
			})
		}
		for i := range 20 {
			keep = append(keep, member(i))
		}
		email := canary("erased")
		victim := e.mustAccount(func(a *hearth.Account) {
			a.Handle = "erased-" + random(6)
			a.DisplayName = "Erased " + random(6)
			a.Email = email
		})
		for i := range 20 {
			keep = append(keep, member(20+i))
		}
		_, sessHash := e.mustSession(victim.ID)
		_, tokHash := e.mustToken(victim.ID, "erased-token-"+random(4))
		g := e.mustGroup(keep[0].ID)
		ok(t, e.Store.AddGroupMember(e.ctx, g.ID, victim.ID, hearth.GroupServant))
		asking := e.mustGroup(keep[0].ID, func(g *hearth.Group) { g.JoinPolicy = hearth.JoinApproval })
		_, err := e.Store.JoinGroup(e.as(victim), asking.ID)
		ok(t, err)
		m := e.mustMeeting(keep[0], g.ID)
		ok(t, e.Store.FollowMeeting(e.as(victim), m.ID))
		ok(t, e.Store.FollowMeeting(e.as(keep[1]), m.ID))
		// A clock with a setback, and a check-in.
		clock := e.mustClock(victim)
		ok(t, e.Store.RecordSetback(e.as(victim), clock.ID, &hearth.Setback{On: today, Note: "erased"}, today))
		ok(t, e.Store.SaveCheckIn(e.as(victim), &hearth.CheckIn{On: today, Mood: 3, Craving: -1, SleepTenths: -1, Note: "erased"}, today))
		// A journal entry.
		entry := e.mustEntry(victim, today, "erased", "erased")
		// Step work, shared with a partner who commented.
		row := e.mustStepEntry(victim, "aa", "resentments", hearth.Date{}, map[string]string{"who": "erased"})
		e.mustPartners(victim, keep[2])
		share := &hearth.StepShare{Kind: hearth.ShareEntry, EntryID: row.ID, RecipientID: keep[2].ID}
		ok(t, e.Store.ShareStepWork(e.as(victim), share))
		_, err = e.Store.SharedStepWork(e.as(keep[2]), share.ID)
		ok(t, err)
		_, err = e.Store.CommentOnStepWork(e.as(keep[2]), share.ID, "erased")
		ok(t, err)
		cal, err := e.Store.NewCalendarToken(e.ctx, victim.ID)
		ok(t, err)
		calHash := sha256.Sum256([]byte(cal))
		wrapped, err := e.Store.WrappedDataKey(e.ctx, victim.ID)
		ok(t, err)

		traces := map[string][]byte{
			"handle":              []byte(victim.Handle),
			"display name":        []byte(victim.DisplayName),
			"wrapped data key":    wrapped,
			"session hash":        sessHash,
			"token hash":          tokHash,
			"calendar token hash": calHash[:],
		}
		before := findIn(e.Dump(), traces)
		if len(before) != len(traces) {
			t.Fatalf("before erasure the dump holds only %v; is it the database?", before)
		}
		traces["email"] = []byte(email)
		traces["plaintext data key"] = rawDataKey(t, e.Keys, victim.ID, wrapped)
		traces["calendar token"] = []byte(cal)

		ok(t, e.Store.DeleteAccount(e.ctx, victim.ID))

		// Nothing of the member's is left to find: memberships, requests,
		// follows and the calendar address are gone with the account.
		var left hearth.Export
		ok(t, e.Store.ExportMemberships(e.ctx, victim.ID, &left))
		if len(left.Groups)+len(left.Meetings) != 0 {
			t.Errorf("after erasure the member still has %+v and %+v", left.Groups, left.Meetings)
		}
		_, _, err = e.Store.ResolveCalendarToken(e.ctx, cal)
		wantCode(t, err, hearth.ENOTFOUND)
		_, _, err = e.Store.Clock(e.as(victim), clock.ID)
		wantCode(t, err, hearth.ENOTFOUND)
		_, err = e.Store.Entry(e.as(victim), entry.ID)
		wantCode(t, err, hearth.ENOTFOUND)
		_, err = e.Store.StepEntry(e.as(victim), row.ID)
		wantCode(t, err, hearth.ENOTFOUND)
		if list, err := e.Store.StepSharesWithMe(e.as(keep[2])); err != nil || len(list) != 0 {
			t.Errorf("after erasure the partner still has %v shared (%v)", list, err)
		}
		pending, err := e.Store.PendingRequests(e.as(keep[0]), asking.ID)
		ok(t, err)
		if len(pending) != 0 {
			t.Errorf("after erasure the member's request to join is still pending")
		}
		if mine, err := e.Store.MyMeetings(e.as(keep[1]), start); err != nil || len(mine) != 1 {
			t.Errorf("another member's follow of the same meeting: %v, %v", mine, err)
		}

		if found := findIn(e.Dump(), traces); len(found) > 0 {
			t.Errorf("after erasure a raw copy of the database still holds the member's %s", strings.Join(found, "; "))
		}
		_, err = e.Store.FindAccountByID(e.ctx, victim.ID)
		wantCode(t, err, hearth.ENOTFOUND)
		for _, a := range keep {
			if _, err := e.Store.FindAccountByID(e.ctx, a.ID); err != nil {
				t.Fatalf("account %d, kept, cannot be read: %v", a.ID, err)
			}
		}
	})

	t.Run("KeyRotation", func(t *testing.T) {
		e := s.env(t)
		// More accounts than one batch of rewrapping.
		const n = 205
		accounts := make([]*hearth.Account, n)
		old := map[string][]byte{}
		for i := range accounts {
			accounts[i] = e.mustAccount(func(a *hearth.Account) { a.Email = fmt.Sprintf("member%d@example.org", i) })
			w, err := e.Store.WrappedDataKey(e.ctx, accounts[i].ID)
			ok(t, err)
			old[fmt.Sprintf("old wrapped key of account %d", accounts[i].ID)] = w
		}
		oldServerKeys := serverKeys(t, e.Keys)

		ok(t, e.Keys.AddPrimary())
		changed, err := e.Store.RewrapDataKeys(e.ctx, e.Keys)
		ok(t, err)
		if changed != n {
			t.Errorf("rewrapped %d, want %d", changed, n)
		}
		changed, err = e.Store.RewrapDataKeys(e.ctx, e.Keys)
		ok(t, err)
		if changed != 0 {
			t.Errorf("a second run rewrapped %d, want 0", changed)
		}
		e.Keys.DropOld()

		for i, a := range accounts {
			got, err := e.Store.FindAccountByID(e.ctx, a.ID)
			ok(t, err)
			if want := fmt.Sprintf("member%d@example.org", i); got.Email != want {
				t.Fatalf("account %d: email %q after rotation, want %q", a.ID, got.Email, want)
			}
		}
		// A key made after rotation is wrapped by the new server key.
		b := e.mustAccount(func(a *hearth.Account) { a.Email = "after@example.org" })
		if got := privateFields[0].read(e, b); got != "after@example.org" {
			t.Errorf("email %q", got)
		}
		// Keys wrapped by the old server key are gone from the files, in
		// case that key leaked.
		if found := findIn(e.Dump(), old); len(found) > 0 {
			t.Errorf("after rotation the database still holds %d keys wrapped by the old server key, e.g. %s", len(found), found[0])
		}
		// With only the old server key, nothing opens any more.
		oldOnly := keyringOf(t, oldServerKeys)
		for _, a := range accounts[:3] {
			w, err := e.Store.WrappedDataKey(e.ctx, a.ID)
			ok(t, err)
			if _, err := oldOnly.Unwrap(a.ID, w); err == nil {
				t.Errorf("account %d's key still opens with the old server key", a.ID)
			}
		}
	})

	t.Run("RewrapWithoutTheKey", func(t *testing.T) {
		e := s.env(t)
		e.mustAccount()
		stranger, err := vault.Generate()
		ok(t, err)
		if _, err := e.Store.RewrapDataKeys(e.ctx, stranger); err == nil {
			t.Fatal("rewrapping with a keyring that does not hold the server key worked")
		}
	})
}

// serverKeys returns the raw server keys of a keyring, primary first.
func serverKeys(tb testing.TB, k *vault.Keyring) map[uint32][]byte {
	tb.Helper()
	keys := map[uint32][]byte{}
	for _, line := range strings.Split(string(k.Marshal()), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 || strings.HasPrefix(line, "#") {
			continue
		}
		id, err := strconv.ParseUint(f[1], 10, 32)
		ok(tb, err)
		raw, err := base64.StdEncoding.DecodeString(f[2])
		ok(tb, err)
		keys[uint32(id)] = raw
	}
	if len(keys) == 0 {
		tb.Fatal("no server key in the keyring's file form")
	}
	return keys
}

// keyringOf is a keyring holding exactly these raw server keys.
func keyringOf(tb testing.TB, keys map[uint32][]byte) *vault.Keyring {
	tb.Helper()
	var b bytes.Buffer
	for id, raw := range keys {
		fmt.Fprintf(&b, "hearth-key %d %s\n", id, base64.StdEncoding.EncodeToString(raw))
	}
	k, err := vault.Parse(b.Bytes())
	ok(tb, err)
	return k
}

// rawDataKey opens a wrapped data key the way vault does, to get at the
// plaintext key a dump must never hold. vault keeps plaintext keys to
// itself, so this repeats its wrapping format: version byte, server key id
// (4 bytes), nonce (12), sealed key; the account id bound in as associated
// data.
func rawDataKey(tb testing.TB, k *vault.Keyring, accountID int64, wrapped []byte) []byte {
	tb.Helper()
	if len(wrapped) < 17 {
		tb.Fatalf("wrapped key of %d bytes", len(wrapped))
	}
	server, found := serverKeys(tb, k)[binary.BigEndian.Uint32(wrapped[1:5])]
	if !found {
		tb.Fatal("the wrapped key names a server key the keyring lacks")
	}
	block, err := aes.NewCipher(server)
	ok(tb, err)
	gcm, err := cipher.NewGCM(block)
	ok(tb, err)
	ad := binary.BigEndian.AppendUint64([]byte("hearth/data-key/"), uint64(accountID))
	raw, err := gcm.Open(nil, wrapped[5:17], wrapped[17:], ad)
	if err != nil {
		tb.Fatalf("cannot open the data key of account %d as vault wraps it: %v", accountID, err)
	}
	return raw
}
