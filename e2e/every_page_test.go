package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestEveryPage visits every page Hearth has, as a visitor and as a member
// of the demo community, in English and in Spanish, in the light and the
// dark colour scheme, including forms that come back with problems and the
// page for something that is not there. Every page is audited by axe-core
// and must fit the phone (the harness checks both on landing); in Spanish,
// no English may show.
func TestEveryPage(t *testing.T) {
	for _, scheme := range []string{"light", "dark"} {
		for _, lang := range []string{"en", "es"} {
			t.Run(scheme+"/"+lang, func(t *testing.T) {
				b := hearthOnAPhone(t, databases[0], "--demo")
				colours := emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}
				if err := b.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, colours)
					return err
				})); err != nil {
					t.Fatal(err)
				}
				b.visit("/")
				if lang == "es" {
					b.onEveryPage(speaksSpanish)
					b.press(`form[action="/language"] button[name="lang"][value="es"]`)
				}
				if got := b.attr("html", "lang"); got != lang {
					t.Fatalf("html lang %q, want %q", got, lang)
				}

				// A visitor's pages.
				for _, path := range []string{"/signup", "/signin", "/recover", "/offline", "/groups", "/guidelines", "/help"} {
					b.visit(path)
				}
				for _, country := range []string{"MX", "ES", "JP"} { // lines of its own, Spain's, the fallback
					b.submit("/help", field{"country", country})
					if !b.has(`#crisis-lines a[href^="tel:"]`) {
						t.Errorf("help for %s offers no number to call", country)
					}
				}
				resp, err := b.open("/no/such/page")
				if err != nil {
					t.Fatal(err)
				}
				if resp.Status != 404 {
					t.Errorf("/no/such/page answered %d, want 404", resp.Status)
				}
				b.landed("GET /no/such/page", resp)

				// Forms that come back with a problem keep the page whole.
				b.visit("/signup")
				b.submit("/signup", field{"pseudonym", "x"}, field{"password", "short"})
				if !b.has(`#f-pseudonym[aria-invalid="true"]`) || !b.has(`#f-password[aria-invalid="true"]`) {
					t.Error("sign-up with a short name and password does not mark both fields")
				}
				if v := b.attr("#f-pseudonym", "value"); v != "x" {
					t.Errorf("sign-up lost what was typed: pseudonym %q", v)
				}
				b.visit("/signin")
				b.submit("/signin", field{"handle", "nobody.0000"}, field{"password", "not a password"})
				b.visit("/recover")
				b.submit("/recover", field{"handle", "nobody.0000"}, field{"code", "abcd"}, field{"password", "x"})

				// A member's pages.
				signIn(b, "river.0001", "warm-hearth-demo")
				if lang == "es" && b.attr("html", "lang") != "es" {
					t.Fatal("signing in turned the pages back to English, though Spanish was chosen just before")
				}
				for _, path := range []string{"/", "/settings", "/settings/password", "/settings/recovery-codes",
					"/settings/sessions", "/settings/tokens", "/settings/quiet", "/settings/export", "/settings/delete", "/help", "/guidelines",
					"/recovery", "/recovery/clocks/new", "/check-in", "/wisdom", "/wisdom/new", "/wisdom/1", "/wisdom/1/report",
					"/notifications", "/settings/notifications",
					"/recovery/sponsors", "/recovery/sponsors/offer", "/recovery/sponsorships"} {
					b.visit(path)
				}
				// Step work (River is partway through AA's steps).
				for _, path := range []string{"/recovery/steps", "/recovery/steps/sharing", "/recovery/programs/aa",
					"/recovery/programs/aa/step/4", "/recovery/programs/aa/sheet/resentments",
					"/recovery/programs/aa/sheet/resentments/print", "/recovery/programs/aa/sheet/nightly"} {
					b.visit(path)
				}
				b.visit("/recovery/programs/aa/sheet/fears")
				b.submit("/recovery/programs/aa/sheet/fears")
				if !b.has(".error.banner") {
					t.Error("an empty worksheet row is not refused with a message")
				}
				// Messages, and reporting one (the demo's first is Luz's to
				// River); River is a site admin: the site queue, the report
				// and the reported message opened.
				for _, path := range []string{"/messages", "/messages/1", "/messages/1/report/1"} {
					b.visit(path)
				}
				b.submit("/messages/1/report/1")
				b.check("#f-reason-other")
				b.submit("/messages/1/report/1", field{"note", "A test of the report form"})
				for _, path := range []string{"/messages", "/admin/reports", "/admin/reports/messages/1"} {
					b.visit(path)
				}
				b.submit("/admin/reports/messages/1/handle")
				b.submit("/admin/reports/messages/1/open")
				b.visit("/settings")
				b.submit("/settings", field{"email", "not an address"})
				if !b.has(`#f-email[aria-invalid="true"]`) {
					t.Error("a bad email is not marked")
				}
				b.visit("/settings/password")
				b.submit("/settings/password", field{"current_password", "wrong password"}, field{"new_password", "short"})
				b.visit("/settings/tokens")
				b.submit("/settings/tokens", field{"name", "my calendar"})
				if !b.has("#token-value") {
					t.Error("a new token is not shown")
				}
				b.visit("/settings/recovery-codes")
				b.submit("/settings/recovery-codes", field{"password", "warm-hearth-demo"})
				if n := len(b.texts("#recovery-codes li")); n != 10 {
					t.Errorf("new recovery codes: %d shown, want 10", n)
				}
			})
		}
	}
}
