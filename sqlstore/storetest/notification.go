package storetest

import (
	"testing"
	"time"

	"hearth"
	"hearth/events"
)

func notificationIDs(list []*hearth.Notification) []int64 {
	ids := make([]int64, len(list))
	for i, n := range list {
		ids[i] = n.ID
	}
	return ids
}

func (s suite) notifications(t *testing.T) {
	t.Run("NotifyListRead", func(t *testing.T) {
		e := s.env(t)
		hub := events.NewHub(0)
		defer hub.Close()
		e.Store.SetEvents(hub)
		defer e.Store.SetEvents(nil)
		a, b := e.mustAccount(), e.mustAccount()
		g := e.mustGroup(b.ID)
		heard, err := hub.Subscribe(e.ctx, []string{hearth.AccountTopic(a.ID)}, 0)
		ok(t, err)

		// Nobody is notified of their own doing.
		ok(t, e.Store.Notify(e.ctx, hearth.Notification{AccountID: a.ID, Kind: hearth.NotifyReply, Group: g.ID, Subject: 3}, a.ID))
		list, err := e.Store.Notifications(e.as(a), 0, 0)
		ok(t, err)
		if len(list) != 0 {
			t.Fatalf("notified of their own doing: %+v", list[0])
		}

		var made []*hearth.Notification
		for i, kind := range []string{hearth.NotifyReply, hearth.NotifyReaction, hearth.NotifyModeration, hearth.NotifyReport, hearth.NotifyReply} {
			e.clock.Advance(time.Minute)
			ok(t, e.Store.Notify(e.ctx, hearth.Notification{AccountID: a.ID, Kind: kind, Group: g.ID, Subject: int64(10 + i)}, b.ID))
			list, err := e.Store.Notifications(e.as(a), 0, 1)
			ok(t, err)
			made = append(made, list[0])
			n := list[0]
			if n.AccountID != a.ID || n.Kind != kind || n.Group != g.ID || n.Subject != int64(10+i) ||
				!n.CreatedAt.Equal(stored(e.clock.Now())) || !n.ReadAt.IsZero() {
				t.Fatalf("notification %+v", n)
			}
			// Its event, once committed, names it and nothing more.
			select {
			case ev := <-heard:
				if ev.Kind != hearth.EventNotification || ev.Subject != n.ID || ev.Group != g.ID || ev.Topic != hearth.AccountTopic(a.ID) {
					t.Fatalf("event %+v for %+v", ev, n)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("no event for a notification")
			}
		}
		// A notification of no kind we know is refused.
		wantCode(t, e.Store.Notify(e.ctx, hearth.Notification{AccountID: a.ID, Kind: "gossip"}, b.ID), hearth.EINVALID)

		// Newest first, a page at a time.
		list, err = e.Store.Notifications(e.as(a), 0, 2)
		ok(t, err)
		if len(list) != 2 || list[0].ID != made[4].ID || list[1].ID != made[3].ID {
			t.Fatalf("first page %v", notificationIDs(list))
		}
		list, err = e.Store.Notifications(e.as(a), list[1].ID, 10)
		ok(t, err)
		if len(list) != 3 || list[0].ID != made[2].ID || list[2].ID != made[0].ID {
			t.Fatalf("second page %v", notificationIDs(list))
		}
		n, err := e.Store.UnreadNotifications(e.as(a))
		ok(t, err)
		if n != 5 {
			t.Fatalf("unread %d, want 5", n)
		}
		// Another member sees none of them, and marks none read.
		if list, _ := e.Store.Notifications(e.as(b), 0, 0); len(list) != 0 {
			t.Fatalf("another member lists %v", notificationIDs(list))
		}
		ok(t, e.Store.MarkNotificationsRead(e.as(b), 0))
		if n, _ := e.Store.UnreadNotifications(e.as(a)); n != 5 {
			t.Fatalf("another member marked them read: unread %d", n)
		}

		// Up to an ID, then all.
		e.clock.Advance(time.Hour)
		ok(t, e.Store.MarkNotificationsRead(e.as(a), made[1].ID))
		if n, _ := e.Store.UnreadNotifications(e.as(a)); n != 3 {
			t.Fatalf("unread %d after marking two read, want 3", n)
		}
		list, _ = e.Store.Notifications(e.as(a), 0, 0)
		if !list[4].ReadAt.Equal(stored(e.clock.Now())) || !list[2].ReadAt.IsZero() {
			t.Fatalf("read times %v %v", list[4].ReadAt, list[2].ReadAt)
		}
		ok(t, e.Store.MarkNotificationsRead(e.as(a), 0))
		if n, _ := e.Store.UnreadNotifications(e.as(a)); n != 0 {
			t.Fatalf("unread %d after marking all read", n)
		}

		// Without a member in the context, nothing.
		_, err = e.Store.Notifications(e.ctx, 0, 0)
		wantCode(t, err, hearth.EUNAUTHORIZED)
		_, err = e.Store.UnreadNotifications(e.ctx)
		wantCode(t, err, hearth.EUNAUTHORIZED)
		wantCode(t, e.Store.MarkNotificationsRead(e.ctx, 0), hearth.EUNAUTHORIZED)

		// Erasing the member erases their notifications.
		ok(t, e.Store.DeleteAccount(e.ctx, a.ID))
		list, err = e.Store.Notifications(e.as(a), 0, 0)
		ok(t, err)
		if len(list) != 0 {
			t.Fatalf("%d notifications left after the member was erased", len(list))
		}
	})

	t.Run("Prefs", func(t *testing.T) {
		e := s.env(t)
		a, b := e.mustAccount(), e.mustAccount()
		prefs, err := e.Store.NotificationPrefs(e.as(a))
		ok(t, err)
		for _, k := range hearth.NotificationKinds {
			if !prefs[k] {
				t.Fatalf("%s is off by default: %v", k, prefs)
			}
		}
		ok(t, e.Store.SetNotificationPrefs(e.as(a), map[string]bool{hearth.NotifyReaction: false}))
		ok(t, e.Store.SetNotificationPrefs(e.as(a), map[string]bool{hearth.NotifyReport: false}))
		ok(t, e.Store.SetNotificationPrefs(e.as(a), map[string]bool{hearth.NotifyReport: true}))
		prefs, _ = e.Store.NotificationPrefs(e.as(a))
		if prefs[hearth.NotifyReaction] || !prefs[hearth.NotifyReport] || !prefs[hearth.NotifyReply] || len(prefs) != len(hearth.NotificationKinds) {
			t.Fatalf("prefs %v", prefs)
		}
		if other, _ := e.Store.NotificationPrefs(e.as(b)); !other[hearth.NotifyReaction] {
			t.Fatal("one member's choice changed another's")
		}
		wantCode(t, e.Store.SetNotificationPrefs(e.as(a), map[string]bool{"gossip": true}), hearth.EINVALID)
		wantCode(t, e.Store.SetNotificationPrefs(e.ctx, map[string]bool{hearth.NotifyReply: true}), hearth.EUNAUTHORIZED)

		// A kind turned off is not recorded; the others are.
		ok(t, e.Store.Notify(e.ctx, hearth.Notification{AccountID: a.ID, Kind: hearth.NotifyReaction, Subject: 1}, b.ID))
		ok(t, e.Store.Notify(e.ctx, hearth.Notification{AccountID: a.ID, Kind: hearth.NotifyReply, Subject: 2}, b.ID))
		list, err := e.Store.Notifications(e.as(a), 0, 0)
		ok(t, err)
		if len(list) != 1 || list[0].Kind != hearth.NotifyReply {
			t.Fatalf("with reactions off: %+v", list)
		}
	})
}
