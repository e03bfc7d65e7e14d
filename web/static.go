package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:generate go run ./internal/icongen -o static

//go:embed static
var staticFS embed.FS

// staticFiles serves the embedded assets under content-hashed names
// (app.css → /static/app.3f2a9c1b.css), so they can be cached forever and
// a new release is never mixed with an old one.
type staticFiles struct {
	byName map[string]string      // "app.css" → "/static/app.3f2a9c1b.css"
	byURL  map[string]staticAsset // "/static/app.3f2a9c1b.css" → asset
}

type staticAsset struct {
	body  []byte
	ctype string
}

// staticTypes are the media types of the kinds of asset Hearth has. They
// are Hearth's own, not the host's mime database: an asset is served the
// same everywhere, and reading that database (on a machine with a desktop
// installed, hundreds of kilobytes kept for the life of the process) is
// not needed for four types.
var staticTypes = map[string]string{
	".css": "text/css; charset=utf-8",
	".js":  "text/javascript; charset=utf-8",
	".svg": "image/svg+xml",
	".png": "image/png",
}

func loadStatic() (*staticFiles, error) {
	st := &staticFiles{byName: map[string]string{}, byURL: map[string]staticAsset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		url := "/static/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		ctype, ok := staticTypes[ext]
		if !ok {
			return fmt.Errorf("web: static/%s: no media type for %q in staticTypes", name, ext)
		}
		st.byName[name] = url
		st.byURL[url] = staticAsset{body: body, ctype: ctype}
		return nil
	})
	return st, err
}

// url is the hashed URL of an asset; a template naming a missing asset
// fails loudly in the test that renders every page.
func (st *staticFiles) url(name string) string {
	if u, ok := st.byName[name]; ok {
		return u
	}
	return "/static/missing/" + name
}

func (st *staticFiles) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a, ok := st.byURL[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", a.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(a.body)
}
