package storetest

import (
	"strings"
	"testing"

	"hearth"
)

// mutedField: a member's muted words, for the canary scan.
func mutedField() privateField {
	set := func(e *env, a *hearth.Account, v string) {
		ok(e.t, e.Store.SetMutedWords(e.as(a), []string{strings.ToLower(v)}))
	}
	return privateField{
		name:   "MutedWords",
		after:  set,
		update: set,
		read: func(e *env, a *hearth.Account) string {
			words, err := e.Store.MutedWords(e.as(a))
			ok(e.t, err)
			return strings.Join(words, ",")
		},
	}
}

func (s suite) mutedWords(t *testing.T) {
	e := s.env(t)
	a, b := e.mustAccount(), e.mustAccount()
	words, err := e.Store.MutedWords(e.as(a))
	ok(t, err)
	if len(words) != 0 {
		t.Fatalf("a new member mutes %q", words)
	}
	ok(t, e.Store.SetMutedWords(e.as(a), []string{" Whiskey ", "", "whiskey", "last  call"}))
	words, err = e.Store.MutedWords(e.as(a))
	ok(t, err)
	if strings.Join(words, "|") != "whiskey|last call" {
		t.Errorf("muted words %q, want whiskey and last call once each", words)
	}
	if other, _ := e.Store.MutedWords(e.as(b)); len(other) != 0 {
		t.Errorf("another member sees %q", other)
	}
	wantCode(t, e.Store.SetMutedWords(e.as(a), []string{strings.Repeat("x", hearth.MutedWordRunesMax+1)}), hearth.EINVALID)
	many := make([]string, hearth.MutedWordsMax+1)
	for i := range many {
		many[i] = strings.Repeat("w", i+1)[:min(i+1, 30)] + string(rune('a'+i%26))
	}
	wantCode(t, e.Store.SetMutedWords(e.as(a), many), hearth.EINVALID)
	if words, _ := e.Store.MutedWords(e.as(a)); len(words) != 2 {
		t.Errorf("a refused list changed the kept one: %q", words)
	}
	ok(t, e.Store.SetMutedWords(e.as(a), nil))
	if words, _ := e.Store.MutedWords(e.as(a)); len(words) != 0 {
		t.Errorf("after clearing: %q", words)
	}
	_, err = e.Store.MutedWords(e.ctx)
	wantCode(t, err, hearth.EUNAUTHORIZED)

	ok(t, e.Store.Block(e.as(a), b.ID))
	blocked, err := e.Store.BlockedMembers(e.as(a))
	ok(t, err)
	if len(blocked) != 1 || blocked[0].ID != b.ID || blocked[0].Email != "" {
		t.Errorf("a blocks %+v, want b", blocked)
	}
	if theirs, _ := e.Store.BlockedMembers(e.as(b)); len(theirs) != 0 {
		t.Errorf("the blocked member's own list shows %+v", theirs)
	}
	ok(t, e.Store.Unblock(e.as(a), b.ID))
	if blocked, _ := e.Store.BlockedMembers(e.as(a)); len(blocked) != 0 {
		t.Errorf("after unblocking: %+v", blocked)
	}
}
