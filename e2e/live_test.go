package e2e

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	hearthpkg "hearth"
	"hearth/events"
	"hearth/events/eventstest"
	"hearth/sqlite"
	"hearth/vault"
)

// Live updates and notifications (issue 4, part 6 and 7). Hearth runs
// with its events going through the real NATS server; the test is a second
// node on the same database: it records a notification for Sam "from"
// Luz, as a reply of hers would, and its event reaches Hearth through NATS.
// Sam has his dashboard open in one browser: the header's unread badge
// changes without a reload, and the page hears the event. Luz, in another
// browser, in Spanish, is not notified of her own doing. Both visit the
// notifications page and its settings (axe-core audits every page, in
// English and in Spanish), and Sam marks all read.
func TestLiveNotifications(t *testing.T) {
	natsURL := eventstest.NATSURL(t)
	prefix := eventstest.Prefix()
	dir := t.TempDir()
	srv := startHearth(t, databases[0], "--demo", "--data", dir, "--nats", natsURL, "--nats-prefix", prefix)

	ctx := context.Background()
	node, err := events.DialNATS(ctx, events.NATSConfig{URL: natsURL, Prefix: prefix, Name: "e2e"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		node.DeleteStream(context.Background())
		node.Close()
	})
	keys, err := vault.LoadFile(filepath.Join(dir, "server.key"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(ctx, sqlite.Path(dir), sqlite.Options{Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	st.SetEvents(node)
	sam, _, err := st.FindAccountByHandle(ctx, "sam.0003")
	if err != nil {
		t.Fatal(err)
	}
	luz, _, err := st.FindAccountByHandle(ctx, "luz.0002")
	if err != nil {
		t.Fatal(err)
	}

	// The demo already told them things: they start with all read.
	for _, who := range []*hearthpkg.Account{sam, luz} {
		if err := st.MarkNotificationsRead(hearthpkg.NewContextWithAccount(ctx, who), 0); err != nil {
			t.Fatal(err)
		}
	}

	b := newBrowser(t, srv.URL, phone)
	b.onEveryPage(everyPage)
	signIn(b, "sam.0003", "warm-hearth-demo")
	b.visit("/notifications")
	before := len(b.texts("#notifications li"))
	a := newBrowser(t, srv.URL, phone)
	a.onEveryPage(everyPage)
	signIn(a, "luz.0002", "warm-hearth-demo")
	a.onEveryPage(speaksSpanish)
	a.visit("/notifications")

	b.visit("/")
	if !b.has(`[data-unread-badge][hidden]`) {
		t.Fatal("Sam's badge shows before anything happened")
	}
	waitFor(t, b, `document.body.hasAttribute("data-live-open")`, "the live stream to open")
	waitFor(t, a, `document.body.hasAttribute("data-live-open")`, "Luz's live stream to open")
	evaluate[bool](b, `window.heard = []; window.notReloaded = true;
		document.addEventListener("hearth:event", function (e) { window.heard.push(e.detail); }); true`)

	// Luz replies to Sam (as the store does inside her reply), and to
	// herself, which notifies nobody.
	for _, to := range []int64{sam.ID, luz.ID} {
		if err := st.Notify(ctx, hearthpkg.Notification{AccountID: to, Kind: hearthpkg.NotifyReply, Subject: 1}, luz.ID); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, b, `(function () { var el = document.querySelector("[data-unread-badge]");
		return !el.hidden && el.textContent.trim().endsWith("1"); })()`, "the unread badge to say 1")
	if !evaluate[bool](b, `window.notReloaded === true && window.heard.length === 1 && window.heard[0].kind === "notification" && window.heard[0].id > 0`) {
		t.Errorf("the page did not hear the event once, without reloading: %v", evaluate[any](b, `window.heard`))
	}
	time.Sleep(300 * time.Millisecond)
	if !a.has(`[data-unread-badge][hidden]`) {
		t.Error("Luz was notified of her own reply")
	}

	// The notifications page, its settings; Sam marks all read.
	b.press(`header a[href="/notifications"]`)
	if n := len(b.texts("#notifications li")); n != before+1 {
		t.Fatalf("Sam's notifications page lists %d, want %d", n, before+1)
	}
	b.press(`form[action="/notifications/read"] button`)
	b.wantPath("/notifications")
	if !b.has(`[data-unread-badge][hidden]`) {
		t.Error("the badge still shows after marking all read")
	}
	b.press(`a[href="/settings/notifications"]`)
	a.press(`a[href="/settings/notifications"]`)
	a.press(`form[action="/settings/notifications"] button[type="submit"]`)
	a.wantPath("/settings/notifications")
}

// waitFor polls js in the browser until it is true, for up to 10 s.
func waitFor(t *testing.T, b *browser, js, what string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; {
		if evaluate[bool](b, js) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("on %s: waited 10 s for %s", b.path(), what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
