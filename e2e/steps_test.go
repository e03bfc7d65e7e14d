package e2e

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Step work on a phone (issue 6), on each database: River, partway
// through AA's steps, writes three resentment rows and a nightly review,
// shares one row with Grace (their sponsor in the demo), who sees that
// row and nothing else and comments; River revokes, and Grace's view is
// gone. The print page is photographed as it
// prints (the screenshot is kept), and every page of step work is
// visited in English and Spanish, each audited by axe-core.
func TestStepWork(t *testing.T) {
	onEachDatabase(t, func(t *testing.T, db database) {
		b := hearthOnAPhone(t, db, "--demo")
		b.visit("/")
		speaking(b, "en")
		signIn(b, "river.0001", "warm-hearth-demo")

		b.press(`header a[href="/recovery"]`)
		b.press(`a[href="/recovery/steps"]`)
		b.press(`#programs a[href="/recovery/programs/aa"]`)
		b.press(`#steps a[href="/recovery/programs/aa/step/4"]`)
		sheet := "/recovery/programs/aa/sheet/resentments"
		b.press(`a[href="` + sheet + `"]`)

		rows := [][3]string{
			{"My landlord", "Raised the rent twice in a year.", "I paid late and never called him."},
			{"My brother", "Borrowed my car and wrecked it.", "I lent it knowing he was drinking."},
			{"The court", "Took my licence for a year.", "I drove after drinking."},
		}
		for _, r := range rows {
			b.fill(sheet, field{"f.who", r[0]})
			setValue(b, "#f-cause", r[1])
			setValue(b, "#f-part", r[2])
			b.check(`input[name="f.affects"][value="security"]`)
			b.check(`input[name="f.affects"][value="pride"]`)
			b.submit(sheet)
			b.wantPath(sheet)
		}
		table := b.text("table.sheet")
		for _, r := range rows {
			if !strings.Contains(table, r[0]) || !strings.Contains(table, r[2]) {
				t.Errorf("the worksheet does not show the row for %s", r[0])
			}
		}

		// The nightly review, for today.
		nightly := "/recovery/programs/aa/sheet/nightly"
		b.visit(nightly)
		setValue(b, "#f-resentful", "A little, at the bus driver.")
		setValue(b, "#f-kind", "Yes, mostly.")
		setValue(b, "#f-went_well", "I called my sponsor before the meeting.")
		b.submit(nightly)
		b.wantPath(nightly)
		if !strings.Contains(b.text("table.sheet"), "I called my sponsor before the meeting.") || !b.has(`table.sheet a[href="/check-in"]`) {
			t.Error("the nightly review is not listed with a link to today's check-in")
		}

		// Share the row about the brother, and only it, with Grace.
		b.visit(sheet)
		edit := evaluate[string](b, `Array.from(document.querySelectorAll('table.sheet tbody tr')).find(tr => tr.innerText.includes('My brother')).querySelector('a[href^="/recovery/steps/entry/"]').getAttribute('href')`)
		b.visit(edit)
		grace := evaluate[string](b, `Array.from(document.querySelectorAll('select[name="to"] option')).find(o => o.text.includes('grace.0010')).value`)
		b.submit("/recovery/steps/sharing", field{"to", grace})
		b.wantPath("/recovery/steps/sharing")
		shared := evaluate[string](b, `Array.from(document.querySelectorAll('#my-shares li')).find(li => li.innerText.includes('Grace')).querySelector('a[href^="/recovery/steps/shared/"]').getAttribute('href')`)

		// Print the 4th step for the kitchen table: the page as it prints.
		b.visit(sheet + "/print")
		printed(t, b, "print-4th-step")

		// Grace, in Spanish, sees the row and nothing else, and comments.
		speaking(b, "es")
		b.press(`form[action="/language"] button[name="lang"][value="es"]`)
		b.submit("/signout")
		signIn(b, "grace.0010", "warm-hearth-demo")
		b.visit("/recovery/steps/sharing")
		// The demo's four rows, shared one by one, and this one.
		if n := len(b.texts("#shared-with-me li")); n != 5 {
			t.Fatalf("Grace has %d items shared with her, want 5", n)
		}
		b.press(`#shared-with-me a[href="` + shared + `"]`)
		got := b.text("table.sheet")
		if !strings.Contains(got, "My brother") || strings.Contains(got, "My landlord") || strings.Contains(got, "The court") || strings.Contains(got, "My father") {
			t.Errorf("Grace sees %q; want the one row shared", got)
		}
		b.visit(sheet) // her own worksheet: she has not chosen AA
		if strings.Contains(b.text("main"), "My landlord") {
			t.Error("Grace reaches River's worksheet")
		}
		b.visit(shared)
		setValue(b, "#f-body", "Gracias por compartir esto. Lo hablamos el sábado.")
		b.submit(shared)
		if !strings.Contains(b.text("#comment-list"), "Lo hablamos el sábado") {
			t.Error("Grace's comment is not shown")
		}

		// River reads the comment, sees who looked, and stops sharing.
		speaking(b, "en")
		b.press(`form[action="/language"] button[name="lang"][value="en"]`)
		b.submit("/signout")
		signIn(b, "river.0001", "warm-hearth-demo")
		b.visit(shared)
		if !strings.Contains(b.text("#comment-list"), "Lo hablamos el sábado") {
			t.Error("River does not see Grace's comment")
		}
		b.visit("/recovery/steps/sharing")
		if !strings.Contains(b.text("#views"), "Grace") {
			t.Error("River does not see that Grace looked")
		}
		revoke := strings.Replace(shared, "/shared/", "/sharing/", 1) + "/revoke"
		b.submit(revoke)
		b.wantPath("/recovery/steps/sharing")

		// Every page of step work, in both languages.
		pages := []string{"/recovery/steps", "/recovery/steps/sharing", "/recovery/programs/aa", "/recovery/programs/aa/step/4",
			"/recovery/programs/aa/step/10", sheet, sheet + "/print", nightly, edit, "/recovery/programs/aa/sheet/amends",
			"/recovery/programs/aa/sheet/fears", "/recovery/programs/aa/sheet/sex_conduct", "/recovery/programs/aa/sheet/meditation"}
		for _, lang := range []string{"en", "es"} {
			if lang == "es" {
				scheme(b, "dark")
			}
			speaking(b, lang)
			b.press(`form[action="/language"] button[name="lang"][value="` + lang + `"]`)
			for _, p := range pages {
				b.visit(p)
			}
			// A stale form from a second tab: both versions are shown.
			b.visit(edit)
			evaluate[bool](b, `(document.querySelector('input[name="version"]').value = '0', true)`)
			setValue(b, "#f-part", "From an old tab")
			b.submit(edit)
			if !b.has("#saved-version") || b.attr("#f-who", "value") != "My brother" {
				t.Errorf("%s: a stale form does not show both versions", lang)
			}
		}

		// Grace's view is gone.
		speaking(b, "es")
		b.press(`form[action="/language"] button[name="lang"][value="es"]`)
		b.submit("/signout")
		signIn(b, "grace.0010", "warm-hearth-demo")
		resp, err := b.open(shared)
		if err != nil {
			t.Fatal(err)
		}
		if resp.Status != 404 {
			t.Errorf("after the revoke Grace's view answered %d, want 404", resp.Status)
		}
		b.landed("GET "+shared, resp)
		b.visit("/recovery/steps/sharing")
		if b.has(`#shared-with-me a[href="`+shared+`"]`) || len(b.texts("#shared-with-me li")) != 4 {
			t.Error("after the revoke the row is still shared with Grace, or the demo's rows are gone")
		}
	})
}

// printed photographs the current page as it prints (print media, a
// page's width), keeps the screenshot under the artifacts folder, and
// checks that the page's chrome is gone and the table stays.
func printed(t *testing.T, b *browser, name string) {
	t.Helper()
	emulate(b, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	defer emulate(b, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""})
	// A sheet of A4 paper at 96 dpi, then the phone again.
	if err := b.do(chromedp.EmulateViewport(794, 1123)); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := b.do(chromedp.EmulateViewport(b.size.width, b.size.height, chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
			t.Fatal(err)
		}
	}()
	if shown := evaluate[bool](b, `['aside.help-bar', 'header.top', 'footer.foot'].some(s => getComputedStyle(document.querySelector(s)).display !== 'none')`); shown {
		t.Error("printed, the page keeps its help bar, header or footer")
	}
	if n := evaluate[int](b, `document.querySelectorAll('#paper thead th').length`); n != 4 {
		t.Errorf("printed, the table has %d columns, want the paper's 4", n)
	}
	if border := evaluate[string](b, `getComputedStyle(document.querySelector('#paper td')).borderTopStyle`); border != "solid" {
		t.Errorf("printed, the cells have no lines (border %q)", border)
	}
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("no screenshot of the print page: %v", err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatalf("the screenshot is not an image (%d bytes)", len(png))
	}
	dir := filepath.Join(os.TempDir(), "hearth-e2e-artifacts", strings.ReplaceAll(t.Name(), "/", "_"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, name+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("kept %s (%d bytes)", file, len(png))
}
