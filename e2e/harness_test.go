package e2e

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

// The harness's own pages, served with a Content-Security-Policy as strict
// as Hearth's, to show that the audit works under it.
var harnessPages = map[string]string{
	"/": `<main><h1>A calm page</h1><p>Nothing wrong here.</p>
		<form action="/greet" method="post"><label>Name <input name="name"></label>
		<label>Language <select name="lang"><option value="en">English</option><option value="es">Español</option></select></label>
		<button>Go</button></form></main>`,
	// A planted violation: an image with no text alternative.
	"/flawed": `<main><h1>A flawed page</h1><img src="/dot.png"></main>`,
	// A planted leak: an image from another host.
	"/foreign": `<main><h1>A leaky page</h1><img alt="" src="http://tracker.example/pixel.png"></main>`,
}

func harnessServer(t *testing.T) *httptest.Server {
	t.Helper()
	page := func(body string) string {
		return `<!doctype html><html lang="en"><head><meta charset="utf-8">
			<meta name="viewport" content="width=device-width, initial-scale=1">
			<link rel="icon" href="/dot.png"><title>Harness</title></head><body>` + body + `</body></html>`
	}
	mux := http.NewServeMux()
	for path, body := range harnessPages {
		if path == "/" {
			path = "/{$}"
		}
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Security-Policy", "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
			fmt.Fprint(w, page(body))
		})
	}
	mux.HandleFunc("GET /dot.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(onePixelPNG)
	})
	mux.HandleFunc("POST /greet", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/greeting?"+r.PostFormValue("lang")+"="+r.PostFormValue("name"), http.StatusSeeOther)
	})
	mux.HandleFunc("GET /greeting", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		fmt.Fprint(w, page(`<main><h1 id="greeting">Hola, `+html.EscapeString(q.Get("es"))+`</h1></main>`))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

var onePixelPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")

// The tests below show that the browser harness checks what it claims to.

func TestHarnessChecksACleanPageAndFillsForms(t *testing.T) {
	b := newBrowser(t, harnessServer(t).URL, phone)
	b.visit("/")
	if w := evaluate[int64](b, "document.documentElement.clientWidth"); w != phone.width {
		t.Errorf("clientWidth = %d, want %d", w, phone.width)
	}
	b.submit("/greet", field{"name", "Ada"}, field{"lang", "es"})
	b.wantPath("/greeting?es=Ada")
	if got, want := b.text("#greeting"), "Hola, Ada"; got != want {
		t.Errorf("greeting = %q, want %q", got, want)
	}
}

func TestHarnessAuditReportsAPlantedViolation(t *testing.T) {
	b := newBrowser(t, harnessServer(t).URL, phone)
	if _, err := b.open("/flawed"); err != nil {
		t.Fatal(err)
	}
	vs, err := axeViolations(b.ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, v := range vs {
		ids = append(ids, v.ID)
	}
	if !slices.Contains(ids, "image-alt") {
		t.Errorf("axe-core found %v on a page with an image without alt, want image-alt among them", ids)
	}
}

func TestHarnessCatchesARequestToAnotherHost(t *testing.T) {
	b := newBrowser(t, harnessServer(t).URL, phone)
	if _, err := b.open("/foreign"); err != nil {
		t.Fatal(err)
	}
	want := "http://tracker.example/pixel.png"
	if got := b.takeForeign(); !slices.Contains(got, want) {
		t.Errorf("requests to other hosts = %q, want %q among them", got, want)
	}
	b.takeProblems() // the image's failed load, which is the point
}
