package storetest

import (
	"strings"
	"testing"
	"time"

	"hearth"
)

// mustSend sends a message from a in conversation id, a second after the
// clock's time, so that no two sends are too close.
func (e *env) mustSend(a *hearth.Account, id int64, body string) *hearth.Message {
	e.t.Helper()
	e.clock.Advance(time.Second)
	m, err := e.Store.SendMessage(e.as(a), id, body)
	ok(e.t, err)
	return m
}

// messageField: a message's body, for the canary scan. The account writes
// to a partner; an update is a second message.
func messageField() privateField {
	conv := map[int64]int64{}
	return privateField{
		name: "Message.Body",
		after: func(e *env, a *hearth.Account, v string) {
			b := e.mustAccount()
			e.mustPartners(a, b)
			c, err := e.Store.StartConversation(e.as(a), b.ID)
			ok(e.t, err)
			conv[a.ID] = c.ID
			e.mustSend(a, c.ID, v)
		},
		update: func(e *env, a *hearth.Account, v string) { e.mustSend(a, conv[a.ID], v) },
		read: func(e *env, a *hearth.Account) string {
			list, err := e.Store.Messages(e.as(a), conv[a.ID], 0, 1)
			ok(e.t, err)
			if len(list) != 1 {
				return ""
			}
			return list[0].Body
		},
	}
}

func (s suite) messages(t *testing.T) {
	t.Run("WhoMayWrite", func(t *testing.T) {
		e := s.env(t)
		owner, a, b, partner, stranger, shy := e.mustAccount(), e.mustAccount(), e.mustAccount(), e.mustAccount(), e.mustAccount(), e.mustAccount()
		g := e.mustGroup(owner.ID)
		for _, m := range []*hearth.Account{a, b, shy} {
			ok(t, e.Store.AddGroupMember(e.ctx, g.ID, m.ID, hearth.GroupMember))
		}
		e.mustPartners(a, partner)
		e.mustPartners(shy, partner)
		ok(t, e.Store.SetMessagePrefs(e.as(shy), hearth.MessagePrefs{From: hearth.MessagesFromConnections}))

		_, err := e.Store.StartConversation(e.ctx, b.ID)
		wantCode(t, err, hearth.EUNAUTHORIZED)
		_, err = e.Store.StartConversation(e.as(a), a.ID)
		wantCode(t, err, hearth.ENOTFOUND)
		_, err = e.Store.StartConversation(e.as(a), 1<<40)
		wantCode(t, err, hearth.ENOTFOUND)
		for _, tc := range []struct {
			name     string
			from, to *hearth.Account
			code     string
		}{
			{"SharedGroup", a, b, ""},
			{"Partners", a, partner, ""},
			{"NoGroupInCommon", a, stranger, hearth.EFORBIDDEN},
			{"StrangerToMember", stranger, b, hearth.EFORBIDDEN},
			{"ToOneWhoAllowsConnectionsOnly", b, shy, hearth.EFORBIDDEN},
			{"FromOneWhoAllowsConnectionsOnly", shy, b, hearth.EFORBIDDEN},
			{"PartnerOfOneWhoAllowsConnectionsOnly", partner, shy, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c, err := e.Store.StartConversation(e.as(tc.from), tc.to.ID)
				wantCode(t, err, tc.code)
				if tc.code == "" && (c.With == nil || c.With.ID != tc.to.ID || c.With.Email != "") {
					t.Errorf("conversation with %+v", c.With)
				}
			})
		}
		first, err := e.Store.StartConversation(e.as(a), b.ID)
		ok(t, err)
		again, err := e.Store.StartConversation(e.as(b), a.ID)
		ok(t, err)
		if again.ID != first.ID {
			t.Errorf("the pair has two conversations: %d and %d", first.ID, again.ID)
		}
		wantCode(t, e.Store.SetMessagePrefs(e.as(a), hearth.MessagePrefs{From: "everyone"}), hearth.EINVALID)
	})

	t.Run("SendAndRead", func(t *testing.T) {
		e := s.env(t)
		a, b, other := e.mustAccount(), e.mustAccount(), e.mustAccount()
		e.mustPartners(a, b)
		c, err := e.Store.StartConversation(e.as(a), b.ID)
		ok(t, err)
		hello := e.mustSend(a, c.ID, "Are you around tonight?")
		reply := e.mustSend(b, c.ID, "I am. Call me after the meeting.")
		e.mustSend(a, c.ID, "Will do.")

		mine, err := e.Store.Conversations(e.as(b))
		ok(t, err)
		if len(mine) != 1 || mine[0].ID != c.ID || mine[0].Unread != 1 || mine[0].With.ID != a.ID {
			t.Fatalf("b's conversations: %+v", mine)
		}
		list, err := e.Store.Messages(e.as(b), c.ID, 0, 0)
		ok(t, err)
		if len(list) != 3 || list[0].ID != hello.ID || list[0].Mine || !list[1].Mine || list[1].Body != reply.Body {
			t.Fatalf("b reads %+v", list)
		}
		older, err := e.Store.Messages(e.as(a), c.ID, reply.ID, 10)
		ok(t, err)
		if len(older) != 1 || older[0].ID != hello.ID || !older[0].Mine {
			t.Errorf("messages before the reply: %+v", older)
		}
		ok(t, e.Store.MarkConversationRead(e.as(b), c.ID))
		if got, _ := e.Store.Conversation(e.as(b), c.ID); got.Unread != 0 {
			t.Errorf("%d unread after reading", got.Unread)
		}

		// No one else reads it or writes in it.
		_, err = e.Store.Conversation(e.as(other), c.ID)
		wantCode(t, err, hearth.ENOTFOUND)
		_, err = e.Store.Messages(e.as(other), c.ID, 0, 0)
		wantCode(t, err, hearth.ENOTFOUND)
		_, err = e.Store.SendMessage(e.as(other), c.ID, "hi")
		wantCode(t, err, hearth.ENOTFOUND)
		wantCode(t, e.Store.MarkConversationRead(e.as(other), c.ID), hearth.ENOTFOUND)
		wantCode(t, e.Store.EraseConversation(e.as(other), c.ID), hearth.ENOTFOUND)
		_, err = e.Store.Messages(e.ctx, c.ID, 0, 0)
		wantCode(t, err, hearth.EUNAUTHORIZED)
	})

	t.Run("BadInput", func(t *testing.T) {
		e := s.env(t)
		a, b := e.mustAccount(), e.mustAccount()
		e.mustPartners(a, b)
		c, err := e.Store.StartConversation(e.as(a), b.ID)
		ok(t, err)
		for _, tc := range []struct{ name, body string }{
			{"Empty", ""},
			{"Blank", " \n\t "},
			{"TooLong", strings.Repeat("a", 100<<10)},
			{"NotUTF8", "a\xffb"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e.clock.Advance(time.Second)
				_, err := e.Store.SendMessage(e.as(a), c.ID, tc.body)
				wantCode(t, err, hearth.EINVALID)
			})
		}
		list, err := e.Store.Messages(e.as(b), c.ID, 0, 0)
		ok(t, err)
		if len(list) != 0 {
			t.Errorf("refused messages were kept: %d", len(list))
		}
		e.mustSend(a, c.ID, "one")
		_, err = e.Store.SendMessage(e.as(a), c.ID, "two, at once")
		wantCode(t, err, hearth.ERATELIMIT)
		if list, _ := e.Store.Messages(e.as(b), c.ID, 0, 0); len(list) != 1 {
			t.Errorf("%d messages after a flood of two, want 1", len(list))
		}
	})

	t.Run("Receipts", func(t *testing.T) {
		e := s.env(t)
		a, b := e.mustAccount(), e.mustAccount()
		e.mustPartners(a, b)
		c, err := e.Store.StartConversation(e.as(a), b.ID)
		ok(t, err)
		e.mustSend(a, c.ID, "Thinking of you")
		ok(t, e.Store.MarkConversationRead(e.as(b), c.ID))
		theirs := func() time.Time {
			got, err := e.Store.Conversation(e.as(a), c.ID)
			ok(t, err)
			return got.TheyRead
		}
		if !theirs().IsZero() {
			t.Error("a read receipt shown though neither shares them")
		}
		ok(t, e.Store.SetMessagePrefs(e.as(b), hearth.MessagePrefs{From: hearth.MessagesFromGroups, Receipts: true}))
		if !theirs().IsZero() {
			t.Error("a read receipt shown to one who does not share theirs")
		}
		ok(t, e.Store.SetMessagePrefs(e.as(a), hearth.MessagePrefs{From: hearth.MessagesFromGroups, Receipts: true}))
		if got := theirs(); !got.Equal(stored(e.clock.Now())) {
			t.Errorf("read receipt %v, want %v", got, e.clock.Now())
		}
	})

	t.Run("Notifications", func(t *testing.T) {
		e := s.env(t)
		a, b := e.mustAccount(), e.mustAccount()
		e.mustPartners(a, b)
		c, err := e.Store.StartConversation(e.as(a), b.ID)
		ok(t, err)
		e.mustSend(a, c.ID, "first")
		e.mustSend(a, c.ID, "second")
		unread := func(who *hearth.Account) int {
			n, err := e.Store.UnreadNotifications(e.as(who))
			ok(t, err)
			return n
		}
		if n := unread(b); n != 1 {
			t.Errorf("b has %d unread notifications for two messages, want one", n)
		}
		if n := unread(a); n != 0 {
			t.Errorf("the sender was notified of their own message (%d)", n)
		}
		ok(t, e.Store.MarkConversationRead(e.as(b), c.ID))
		if n := unread(b); n != 0 {
			t.Errorf("reading the conversation left %d notifications unread", n)
		}
	})

	t.Run("Erase", func(t *testing.T) {
		e := s.env(t)
		a, b := e.mustAccount(), e.mustAccount()
		e.mustPartners(a, b)
		c, err := e.Store.StartConversation(e.as(a), b.ID)
		ok(t, err)
		e.mustSend(a, c.ID, "kept by b")
		ok(t, e.Store.EraseConversation(e.as(a), c.ID))
		_, err = e.Store.Messages(e.as(a), c.ID, 0, 0)
		wantCode(t, err, hearth.ENOTFOUND)
		if list, _ := e.Store.Conversations(e.as(a)); len(list) != 0 {
			t.Errorf("a still lists %d conversations", len(list))
		}
		got, err := e.Store.Conversation(e.as(b), c.ID)
		ok(t, err)
		if !got.Closed {
			t.Error("b's copy is open though a erased theirs")
		}
		if list, err := e.Store.Messages(e.as(b), c.ID, 0, 0); err != nil || len(list) != 1 || list[0].Body != "kept by b" {
			t.Errorf("b's copy: %v, %v", list, err)
		}
		e.clock.Advance(time.Second)
		_, err = e.Store.SendMessage(e.as(b), c.ID, "hello?")
		wantCode(t, err, hearth.EFORBIDDEN)
		// a may start again; b's old copy goes, as neither can write in it.
		fresh, err := e.Store.StartConversation(e.as(a), b.ID)
		ok(t, err)
		if list, _ := e.Store.Messages(e.as(b), fresh.ID, 0, 0); len(list) != 0 {
			t.Errorf("the new conversation shows %d old messages", len(list))
		}
		ok(t, e.Store.EraseConversation(e.as(b), fresh.ID))
		ok(t, e.Store.EraseConversation(e.as(a), fresh.ID))
		_, err = e.Store.Conversation(e.as(a), fresh.ID)
		wantCode(t, err, hearth.ENOTFOUND)
	})

	t.Run("Blocked", func(t *testing.T) {
		// A block ends a conversation both ways, keeps a new one from
		// opening, and keeps reach-outs from the one blocked.
		e := s.env(t)
		a, b := e.mustAccount(), e.mustAccount()
		e.mustPartners(a, b)
		c, err := e.Store.StartConversation(e.as(a), b.ID)
		ok(t, err)
		e.mustSend(a, c.ID, "before")
		ok(t, e.Store.Block(e.as(b), a.ID))
		for _, who := range []*hearth.Account{a, b} {
			got, err := e.Store.Conversation(e.as(who), c.ID)
			ok(t, err)
			if !got.Closed {
				t.Errorf("%d's copy is open after the block", who.ID)
			}
			e.clock.Advance(time.Second)
			_, err = e.Store.SendMessage(e.as(who), c.ID, "after")
			wantCode(t, err, hearth.EFORBIDDEN)
		}
		ok(t, e.Store.EraseConversation(e.as(a), c.ID))
		ok(t, e.Store.EraseConversation(e.as(b), c.ID))
		_, err = e.Store.StartConversation(e.as(a), b.ID)
		wantCode(t, err, hearth.EFORBIDDEN)
		e.clock.Advance(hearth.ReachOutInterval)
		r, err := e.Store.ReachOut(e.as(a))
		ok(t, err)
		if len(r.Recipients) != 0 {
			t.Errorf("a reach-out went to one who blocked its sender: %+v", r.Recipients)
		}
		ok(t, e.Store.Unblock(e.as(b), a.ID))
		_, err = e.Store.StartConversation(e.as(a), b.ID)
		ok(t, err)
	})

	t.Run("ErasedAccount", func(t *testing.T) {
		e := s.env(t)
		a, b := e.mustAccount(), e.mustAccount()
		e.mustPartners(a, b)
		c, err := e.Store.StartConversation(e.as(a), b.ID)
		ok(t, err)
		e.mustSend(a, c.ID, "from a member now gone")
		e.mustSend(b, c.ID, "answered")
		ok(t, e.Store.DeleteAccount(e.ctx, a.ID))
		got, err := e.Store.Conversation(e.as(b), c.ID)
		ok(t, err)
		if got.With != nil || !got.Closed {
			t.Errorf("after a's erasure b sees %+v (closed %v), want a former member", got.With, got.Closed)
		}
		list, err := e.Store.Messages(e.as(b), c.ID, 0, 0)
		ok(t, err)
		if len(list) != 2 || list[0].SenderID != 0 || list[0].Mine || list[0].Body != "from a member now gone" || !list[1].Mine {
			t.Errorf("b's copy after a's erasure: %+v", list)
		}
		ok(t, e.Store.EraseConversation(e.as(b), c.ID))
		_, err = e.Store.Conversation(e.as(b), c.ID)
		wantCode(t, err, hearth.ENOTFOUND)
	})
}
