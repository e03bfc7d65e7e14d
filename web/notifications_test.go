package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"hearth"
	"hearth/i18n"
)

// notificationSamples are the authorization matrix's requests for the
// notification routes.
func notificationSamples() map[string]routeSample {
	fixed := func(path string, form url.Values) routeSample {
		return func(matrixCaller) (string, url.Values) { return path, form }
	}
	return map[string]routeSample{
		"POST /notifications/read":        fixed("/notifications/read", url.Values{"up_to": {"0"}}),
		"POST /settings/notifications":    fixed("/settings/notifications", url.Values{"reply": {"1"}}),
		"POST /api/v1/notifications/read": fixed("/api/v1/notifications/read", url.Values{"json": {`{"up_to": 0}`}}),
		"PUT /api/v1/notifications/prefs": fixed("/api/v1/notifications/prefs", url.Values{"json": {`{"reaction": true}`}}),
		"GET /api/v1/notifications":       fixed("/api/v1/notifications?limit=5", nil),
		"GET /api/v1/notifications/prefs": fixed("/api/v1/notifications/prefs", nil),
		"GET /settings/notifications":     fixed("/settings/notifications", nil),
		"GET /notifications":              fixed("/notifications", nil),
	}
}

// notifier is the store's way to record a notification outside a change.
type notifier interface {
	Notify(ctx context.Context, n hearth.Notification, from int64) error
}

func TestNotificationsPages(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		me := ts.signUp(t, "Juniper")
		other := ts.signUp(t, "Rowan")
		g := ts.makeGroup(t, other.acct, hearth.Group{Slug: "sunrise", Name: `Sunrise <"&">`})
		ts.setRole(t, g, me.acct, hearth.GroupMember)
		notify := func(kind string, subject int64) {
			t.Helper()
			if err := ts.store.(notifier).Notify(context.Background(), hearth.Notification{AccountID: me.acct.ID, Kind: kind,
				Group: g.ID, Subject: subject}, other.acct.ID); err != nil {
				t.Fatal(err)
			}
		}

		// Nothing yet: no badge count, an empty page.
		home := me.get("/").wantStatus(t, http.StatusOK).body
		if !strings.Contains(home, `data-unread-badge hidden>`) || !strings.Contains(home, `href="/notifications"`) {
			t.Fatalf("the header has no hidden badge or no link:\n%s", clip(home))
		}
		if !strings.Contains(me.get("/notifications").wantStatus(t, http.StatusOK).body, en("notifications.empty")) {
			t.Fatal("the empty page does not say so")
		}

		notify(hearth.NotifyReply, 7)
		notify(hearth.NotifyReaction, 8)
		home = me.get("/").wantStatus(t, http.StatusOK).body
		if !strings.Contains(home, `data-unread-badge><span class="visually-hidden">: </span>2</span>`) {
			t.Fatalf("the header's badge does not say 2:\n%s", clip(home))
		}
		page := me.get("/notifications").wantStatus(t, http.StatusOK).body
		items := listItems(page, "notifications")
		if len(items) != 2 || !strings.Contains(items[0], en("notifications.kind.reaction")) || !strings.Contains(items[1], en("notifications.kind.reply")) {
			t.Fatalf("notifications %q", items)
		}
		if !strings.Contains(page, `href="/groups/sunrise"`) {
			t.Fatalf("the page does not link the group:\n%s", clip(page))
		}
		if strings.Contains(page, "Sunrise") {
			t.Fatalf("the page names the group:\n%s", clip(page))
		}
		// Spanish.
		es := ts.signIn(t, me.handle, me.password)
		es.header.Set("Accept-Language", "es")
		if _, err := ts.store.UpdateAccount(context.Background(), me.acct.ID, hearth.AccountUpdate{Language: ptr("es")}); err != nil {
			t.Fatal(err)
		}
		if body := es.get("/notifications").wantStatus(t, http.StatusOK).body; !strings.Contains(body, escapedES("notifications.kind.reply")) {
			t.Fatalf("the Spanish page:\n%s", clip(body))
		}
		if _, err := ts.store.UpdateAccount(context.Background(), me.acct.ID, hearth.AccountUpdate{Language: ptr("en")}); err != nil {
			t.Fatal(err)
		}

		// Mark read up to the newest shown: one that arrives after the page
		// was shown stays unread.
		newest := inputValueOf(t, page, "up_to")
		notify(hearth.NotifyModeration, 9)
		me.post("/notifications/read", url.Values{"up_to": {newest}}).wantRedirect(t, "/notifications")
		body := me.get("/notifications").wantStatus(t, http.StatusOK).body
		if !strings.Contains(body, en("notice.notifications_read")) {
			t.Fatal("no notice after marking read")
		}
		if !strings.Contains(body, `data-unread-badge><span class="visually-hidden">: </span>1</span>`) {
			t.Fatalf("after marking read the badge does not say 1:\n%s", clip(body))
		}
		me.post("/notifications/read", url.Values{}).wantRedirect(t, "/notifications")
		if body := me.get("/").body; !strings.Contains(body, `data-unread-badge hidden>`) {
			t.Fatal("the badge still shows after marking all read")
		}

		// Choices: replies off.
		prefs := me.get("/settings/notifications").wantStatus(t, http.StatusOK).body
		if !strings.Contains(prefs, `name="reply" value="1" aria-describedby="f-reply-hint" checked`) {
			t.Fatalf("replies are not on by default:\n%s", clip(prefs))
		}
		me.post("/settings/notifications", url.Values{"reaction": {"1"}, "moderation": {"1"}, "report": {"1"}}).
			wantRedirect(t, "/settings/notifications")
		prefs = me.get("/settings/notifications").body
		if strings.Contains(prefs, `name="reply" value="1" aria-describedby="f-reply-hint" checked`) ||
			!strings.Contains(prefs, `name="reaction" value="1" aria-describedby="f-reaction-hint" checked`) {
			t.Fatalf("the choices were not kept:\n%s", clip(prefs))
		}
		notify(hearth.NotifyReply, 10)
		if n := len(listItems(me.get("/notifications").body, "notifications")); n != 3 {
			t.Fatalf("a reply was notified with replies off: %d notifications", n)
		}
	})
}

// TestNotificationsNameNoGroup: a notification's words never hold its
// group's name (TRUST.md), in any kind, in either language; it links to
// the group, whose page names it. No notification text in the catalogs
// takes a {group}.
func TestNotificationsNameNoGroup(t *testing.T) {
	for _, lang := range []string{"en", "es"} {
		for key, msg := range i18n.Messages(lang) {
			if strings.HasPrefix(key, "notifications.") && strings.Contains(msg, "{group}") {
				t.Errorf("%s %s names the group: %q", lang, key, msg)
			}
		}
	}
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		me, other := ts.signUp(t, "Juniper"), ts.signUp(t, "Rowan")
		const name = "Lantern Hollow"
		g := ts.makeGroup(t, other.acct, hearth.Group{Slug: "lantern", Name: name})
		ts.setRole(t, g, me.acct, hearth.GroupServant)
		kinds := hearth.NotificationKinds
		for i, kind := range kinds {
			for _, subject := range []int64{int64(i + 1), 0} { // 0: a moderation of one's standing
				if err := ts.store.(notifier).Notify(context.Background(), hearth.Notification{AccountID: me.acct.ID, Kind: kind,
					Group: g.ID, Subject: subject}, other.acct.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, lang := range []string{"en", "es"} {
			if _, err := ts.store.UpdateAccount(context.Background(), me.acct.ID, hearth.AccountUpdate{Language: ptr(lang)}); err != nil {
				t.Fatal(err)
			}
			page := me.get("/notifications").wantStatus(t, http.StatusOK).body
			items := listItems(page, "notifications")
			if len(items) != 2*len(kinds) {
				t.Fatalf("%s: %d notifications, want %d:\n%s", lang, len(items), 2*len(kinds), clip(page))
			}
			for _, it := range items {
				if strings.Contains(it, name) {
					t.Errorf("%s: a notification names the group: %q", lang, it)
				}
			}
			if strings.Contains(page, name) || !strings.Contains(page, `href="/groups/lantern"`) {
				t.Errorf("%s: the page names the group or does not link it:\n%s", lang, clip(page))
			}
		}
		// The link leads to the group's page, which names it.
		if !strings.Contains(me.get("/groups/lantern").wantStatus(t, http.StatusOK).body, name) {
			t.Error("the group's page does not name it")
		}
	})
}

func ptr[T any](v T) *T { return &v }

func escapedES(key string) string { return es(key) }

func inputValueOf(t *testing.T, body, name string) string {
	t.Helper()
	v, ok := inputValue(body, name)
	if !ok {
		t.Fatalf("no input %q:\n%s", name, clip(body))
	}
	return v
}

func TestNotificationsAPI(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		me := ts.signUp(t, "Linden")
		other := ts.signUp(t, "Aspen")
		token, _ := ts.mintToken(t, me.acct.ID)
		api := ts.bearer(t, token)
		for i := range 3 {
			if err := ts.store.(notifier).Notify(context.Background(), hearth.Notification{AccountID: me.acct.ID,
				Kind: hearth.NotifyReaction, Subject: int64(i + 1)}, other.acct.ID); err != nil {
				t.Fatal(err)
			}
		}
		var list APINotifications
		r := api.get("/api/v1/notifications?limit=2").wantStatus(t, http.StatusOK)
		if err := json.Unmarshal([]byte(r.body), &list); err != nil {
			t.Fatal(err)
		}
		if list.Unread != 3 || len(list.Notifications) != 2 || list.Notifications[0].ID <= list.Notifications[1].ID ||
			list.Notifications[0].Kind != hearth.NotifyReaction || list.Notifications[0].ReadAt != nil {
			t.Fatalf("list %+v", list)
		}
		r = api.get("/api/v1/notifications?before="+strconv.FormatInt(list.Notifications[1].ID, 10)).wantStatus(t, http.StatusOK)
		var older APINotifications
		json.Unmarshal([]byte(r.body), &older)
		if len(older.Notifications) != 1 {
			t.Fatalf("the next page %+v", older)
		}
		api.get("/api/v1/notifications?limit=x").wantStatus(t, http.StatusUnprocessableEntity)
		api.do("POST", "/api/v1/notifications/read", strings.NewReader(`{"up_to": `+strconv.FormatInt(older.Notifications[0].ID, 10)+`}`),
			http.Header{"Content-Type": {"application/json"}}).wantStatus(t, http.StatusNoContent)
		r = api.get("/api/v1/notifications?limit=0").wantStatus(t, http.StatusOK)
		json.Unmarshal([]byte(r.body), &list)
		if list.Unread != 2 || len(list.Notifications) != 0 {
			t.Fatalf("after marking one read: %+v", list)
		}
		api.do("POST", "/api/v1/notifications/read", nil, nil).wantStatus(t, http.StatusNoContent)

		r = api.do("PUT", "/api/v1/notifications/prefs", strings.NewReader(`{"reaction": false}`), http.Header{"Content-Type": {"application/json"}}).
			wantStatus(t, http.StatusOK)
		var prefs map[string]bool
		json.Unmarshal([]byte(r.body), &prefs)
		if prefs[hearth.NotifyReaction] || !prefs[hearth.NotifyReply] || len(prefs) != len(hearth.NotificationKinds) {
			t.Fatalf("prefs %v", prefs)
		}
		r = api.do("PUT", "/api/v1/notifications/prefs", strings.NewReader(`{"gossip": true}`), http.Header{"Content-Type": {"application/json"}}).
			wantStatus(t, http.StatusUnprocessableEntity)
		if p := wantProblem(t, r); p.Code != hearth.EINVALID {
			t.Fatalf("problem %+v", p)
		}
	})
}
