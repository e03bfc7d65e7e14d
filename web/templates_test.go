package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"text/template/parse"
	"unicode"

	"hearth/i18n"
)

// stubFuncs lets the templates parse without a server: the server's own
// functions (parsing only needs their names and shapes).
var stubFuncs = (&Server{}).templateFuncs()(i18n.For("en"))

func parsedTemplates(t *testing.T) map[string]*template.Template {
	t.Helper()
	out := map[string]*template.Template{}
	err := fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		tmpl, err := template.New(filepath.Base(p)).Funcs(stubFuncs).ParseFS(templateFS, p)
		if err != nil {
			return err
		}
		out[p] = tmpl
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 10 {
		t.Fatalf("found only %d templates", len(out))
	}
	return out
}

// walk calls f for every node of a template tree.
func walk(n parse.Node, f func(parse.Node)) {
	if n == nil {
		return
	}
	f(n)
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				walk(c, f)
			}
		}
	case *parse.ActionNode:
		walk(n.Pipe, f)
	case *parse.PipeNode:
		if n != nil {
			for _, c := range n.Cmds {
				walk(c, f)
			}
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			walk(a, f)
		}
	case *parse.IfNode:
		walk(n.Pipe, f)
		walk(n.List, f)
		walk(n.ElseList, f)
	case *parse.RangeNode:
		walk(n.Pipe, f)
		walk(n.List, f)
		walk(n.ElseList, f)
	case *parse.WithNode:
		walk(n.Pipe, f)
		walk(n.List, f)
		walk(n.ElseList, f)
	case *parse.TemplateNode:
		walk(n.Pipe, f)
	}
}

var (
	actionRE    = regexp.MustCompile(`(?s)\{\{.*?\}\}`)
	tagRE       = regexp.MustCompile(`(?s)<[^>]*>`)
	entityRE    = regexp.MustCompile(`&[a-zA-Z#0-9]+;`)
	textAttrRE  = regexp.MustCompile(`\b(alt|title|placeholder|aria-label)="([^"]*)"`)
	catalogKeRE = regexp.MustCompile(`^[a-z_]+(\.[a-z_0-9]+)+$`)
)

// TestNoLiteralTextInTemplates fails when a template says something a
// member would read without going through the catalog: text between tags,
// or a text attribute (alt, title, placeholder, aria-label).
func TestNoLiteralTextInTemplates(t *testing.T) {
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil || len(files) < 10 {
		t.Fatalf("found %d templates: %v", len(files), err)
	}
	for _, path := range files {
		src, err := fs.ReadFile(templateFS, path)
		if err != nil {
			t.Fatal(err)
		}
		// Actions print catalog text or data; what is left is literal.
		html := actionRE.ReplaceAllString(string(src), "")
		for _, m := range textAttrRE.FindAllStringSubmatch(html, -1) {
			if strings.IndexFunc(m[2], unicode.IsLetter) >= 0 {
				t.Errorf("%s: attribute %s has literal text %q; use the catalog", path, m[1], m[2])
			}
		}
		text := entityRE.ReplaceAllString(tagRE.ReplaceAllString(html, " "), " ")
		for _, word := range strings.Fields(text) {
			if strings.IndexFunc(word, unicode.IsLetter) >= 0 {
				t.Errorf("%s: literal text %q; use the catalog", path, word)
			}
		}
	}
}

// TestCatalogKeysExist fails when a template or the Go code names a
// message that is missing in either language.
func TestCatalogKeysExist(t *testing.T) {
	used := map[string]string{} // key → where
	for path, tmpl := range parsedTemplates(t) {
		for _, tt := range tmpl.Templates() {
			if tt.Tree == nil {
				continue
			}
			walk(tt.Tree.Root, func(n parse.Node) {
				cmd, ok := n.(*parse.CommandNode)
				if !ok || len(cmd.Args) < 2 {
					return
				}
				id, ok := cmd.Args[0].(*parse.IdentifierNode)
				if !ok {
					return
				}
				switch id.Ident {
				case "t", "n", "field", "selectOf":
				default:
					return
				}
				for _, a := range cmd.Args[1:] {
					if s, ok := a.(*parse.StringNode); ok && catalogKeRE.MatchString(s.Text) {
						key := s.Text
						if id.Ident == "n" {
							key += ".other"
						}
						used[key] = path
					}
				}
			})
		}
	}
	// Go code of the whole module: every string literal that looks like an
	// error, notice or title key.
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(dir string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if name := d.Name(); dir != ".." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
			return filepath.SkipDir
		}
		pkgs, err := parser.ParseDir(fset, dir, func(fi fs.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
		if err != nil {
			return err
		}
		for _, pkg := range pkgs {
			for _, f := range pkg.Files {
				ast.Inspect(f, func(n ast.Node) bool {
					lit, ok := n.(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						return true
					}
					s, _ := strconv.Unquote(lit.Value)
					if catalogKeRE.MatchString(s) && (strings.HasPrefix(s, "error.") || strings.HasPrefix(s, "notice.") || strings.HasSuffix(s, ".title")) {
						used[s] = fset.Position(lit.Pos()).String()
					}
					return true
				})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(used) < 100 {
		t.Fatalf("found only %d keys in use; the scan is broken", len(used))
	}
	for _, lang := range i18n.Langs {
		msgs := i18n.Messages(lang)
		for key, where := range used {
			if _, ok := msgs[key]; !ok {
				t.Errorf("%s: key %q is missing from the %s catalog", where, key, lang)
			}
		}
	}
}

// TestNoticesRegistered fails when the code redirects with a one-time
// notice that noticeKeys does not hold: the next page would silently
// show nothing.
func TestNoticesRegistered(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`"(notice\.[a-z_]+)"`)
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			found++
			if !noticeKeys[m[1]] {
				t.Errorf("%s: notice %q is not in noticeKeys", f, m[1])
			}
		}
	}
	if found < 20 {
		t.Fatalf("found only %d notices in the code", found)
	}
}

// TestPartialsNamedOnce: every page shares one set of partials, where a
// second {{define}} of a name silently replaces the first; so each name
// (but each page's "content") is defined once.
func TestPartialsNamedOnce(t *testing.T) {
	define := regexp.MustCompile(`{{-?\s*define\s+"([^"]+)"`)
	entries, err := fs.ReadDir(templateFS, "templates")
	if err != nil {
		t.Fatal(err)
	}
	where := map[string]string{}
	for _, e := range entries {
		b, err := fs.ReadFile(templateFS, "templates/"+e.Name())
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range define.FindAllStringSubmatch(string(b), -1) {
			if m[1] == "content" {
				continue
			}
			if first, ok := where[m[1]]; ok {
				t.Errorf("%q is defined in %s and again in %s", m[1], first, e.Name())
			}
			where[m[1]] = e.Name()
		}
	}
	if len(where) == 0 {
		t.Fatal("no partials found")
	}
}
