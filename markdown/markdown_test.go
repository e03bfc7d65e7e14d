package markdown

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// executable reports what in out could run or load something: a tag
// outside the allow-list, an on* attribute, a style, a URL that is not
// http, https or mailto. "" when there is none.
func executable(out string) string {
	allowed := map[string]bool{"p": true, "br": true, "strong": true, "em": true, "del": true, "code": true,
		"pre": true, "blockquote": true, "ul": true, "ol": true, "li": true, "hr": true, "h3": true, "h4": true,
		"h5": true, "h6": true, "span": true, "a": true}
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			tok := z.Token()
			if !allowed[tok.Data] {
				return "tag " + tok.Data
			}
			for _, a := range tok.Attr {
				k := strings.ToLower(a.Key)
				switch {
				case strings.HasPrefix(k, "on"), k == "style", k == "src", k == "srcset", k == "formaction":
					return "attribute " + k
				case k == "href":
					v := strings.ToLower(strings.TrimSpace(a.Val))
					if !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "mailto:") {
						return "href " + a.Val
					}
				case k == "rel":
					if a.Val != Rel {
						return "rel " + a.Val
					}
				}
			}
			if tok.Data == "a" && tok.Type == html.StartTagToken {
				rel := ""
				for _, a := range tok.Attr {
					if a.Key == "rel" {
						rel = a.Val
					}
				}
				if rel != Rel {
					return "a link without rel"
				}
			}
		case html.CommentToken:
			return "comment"
		}
	}
}

// xss is a corpus of known injection payloads, each of which must come out
// inert.
var xss = []string{
	`<script>alert(1)</script>`,
	`<SCRIPT SRC=//evil.example/x.js></SCRIPT>`,
	`<img src=x onerror=alert(1)>`,
	`<svg/onload=alert(1)>`,
	`<iframe src="javascript:alert(1)"></iframe>`,
	`<style>body{background:url("javascript:alert(1)")}</style>`,
	`<a href="javascript:alert(1)">x</a>`,
	`[click](javascript:alert(1))`,
	`[click](JaVaScRiPt:alert(1))`,
	`[click](java&#x09;script:alert(1))`,
	`[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1))`,
	`[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
	`[click](vbscript:msgbox(1))`,
	`![x](javascript:alert(1))`,
	`![x](https://evil.example/track.png)`,
	`![x" onerror="alert(1)](https://evil.example/x.png)`,
	`<javascript:alert(1)>`,
	`<https://ok.example/" onmouseover="alert(1)>`,
	`[x](https://ok.example/" onmouseover="alert(1))`,
	`<details open ontoggle=alert(1)>`,
	`<math><mi xlink:href="javascript:alert(1)">x</mi></math>`,
	`<object data="javascript:alert(1)"></object>`,
	`<embed src="javascript:alert(1)">`,
	`<form action="javascript:alert(1)"><button>x</button></form>`,
	`<body onload=alert(1)>`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`<base href="javascript:/">`,
	"<scr<script>ipt>alert(1)</scr</script>ipt>",
	`<!--<script>alert(1)</script>-->`,
	"```\n<script>alert(1)</script>\n```",
	"`<script>alert(1)</script>`",
	`[a](<javascript:alert(1)>)`,
	`[a]: javascript:alert(1)` + "\n\n[a]",
	`<a href="https://ok.example" onclick="alert(1)">x</a>`,
	`<div style="background:url(javascript:alert(1))">x</div>`,
	`<link rel=stylesheet href=https://evil.example/x.css>`,
	`<input autofocus onfocus=alert(1)>`,
	`<video><source onerror="alert(1)"></video>`,
	`<a href="data:text/html,<script>alert(1)</script>">x</a>`,
	`www.example.com/"onmouseover="alert(1)`,
}

func TestXSSCorpusInert(t *testing.T) {
	for _, src := range xss {
		t.Run(src, func(t *testing.T) {
			out, _, err := Render(src)
			if err != nil {
				t.Fatalf("Render(%q): %v", src, err)
			}
			if bad := executable(string(out)); bad != "" {
				t.Errorf("Render(%q) = %q: %s", src, out, bad)
			}
			low := strings.ToLower(string(out))
			for _, s := range []string{"<script", "javascript:", "vbscript:", "data:text", "<iframe", "<style", "<img"} {
				if strings.Contains(low, s) && !strings.Contains(low, "&lt;"+strings.TrimPrefix(s, "<")) {
					// Only escaped text may mention it.
					if strings.HasPrefix(s, "<") {
						t.Errorf("Render(%q) = %q holds %s", src, out, s)
					}
				}
			}
		})
	}
}

func TestRender(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"paragraph", "Hello *there*", "<p>Hello <em>there</em></p>\n"},
		{"link", "[meeting list](https://example.org/m)",
			`<p><a href="https://example.org/m" rel="noopener noreferrer nofollow ugc">meeting list</a></p>` + "\n"},
		{"autolink", "see https://example.org",
			`<p>see <a href="https://example.org" rel="noopener noreferrer nofollow ugc">https://example.org</a></p>` + "\n"},
		{"remote image is a link", "![a sunrise](https://example.org/s.png)",
			`<p><span class="md-image"><a href="https://example.org/s.png" rel="noopener noreferrer nofollow ugc">a sunrise</a></span></p>` + "\n"},
		{"local image is its alt", "![a sunrise](s.png)", `<p><span class="md-image">a sunrise</span></p>` + "\n"},
		{"heading under the page's", "# Day one", "<h3>Day one</h3>\n"},
		{"raw html left out", "a <b>bold</b> move", "<p>a bold move</p>\n"},
		{"relative link is text", "[home](/groups)", "<p>home</p>\n"},
		{"quote", "> one day at a time", "<blockquote>\n<p>one day at a time</p>\n</blockquote>\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _, err := Render(tc.src)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("Render(%q)\n got %q\nwant %q", tc.src, got, tc.want)
			}
		})
	}
}

func TestClean(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
		err             error
	}{
		{"nfc", "cafe\u0301", "café", nil},
		{"zero width removed", "he\u200bard", "heard", nil},
		{"bidi override removed", "abc\u202Edef", "abcdef", nil},
		{"crlf", "a\r\nb", "a\nb", nil},
		{"spanish", "Gracias por compartir, ¡ánimo!", "Gracias por compartir, ¡ánimo!", nil},
		{"russian alone", "спасибо", "спасибо", nil},
		{"invalid utf-8", "a\xffb", "", ErrInvalidUTF8},
		{"homoglyph", "p\u0430ypal", "", ErrMixedScript},
		{"too long", strings.Repeat("a", MaxBytes+1), "", ErrTooLong},
		{"zero width padding counts after removal", strings.Repeat("\u200b", MaxBytes) + "ok", "ok", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Clean(tc.src)
			if !errors.Is(err, tc.err) || got != tc.want {
				t.Errorf("Clean(%q) = %q, %v; want %q, %v", tc.src, got, err, tc.want, tc.err)
			}
		})
	}
}

func TestTooDeep(t *testing.T) {
	for _, src := range []string{
		strings.Repeat(">", 1000) + " deep",
		strings.Repeat("- ", 500) + "deep",
		strings.Repeat("*", 2000) + "x" + strings.Repeat("*", 2000),
	} {
		_, _, err := Render(src)
		if !errors.Is(err, ErrTooDeep) {
			t.Errorf("Render(%.20q…) = %v, want ErrTooDeep", src, err)
		}
	}
	if _, _, err := Render(strings.Repeat(">", 5) + " fine"); err != nil {
		t.Errorf("five quotes deep: %v", err)
	}
}

// FuzzRender holds Render to its promise: whatever goes in, nothing
// executable comes out.
func FuzzRender(f *testing.F) {
	for _, s := range xss {
		f.Add(s)
	}
	f.Add("# Hi\n\n- [a](https://x.example)\n- ![b](c)\n\n> q")
	f.Fuzz(func(t *testing.T, src string) {
		out, clean, err := Render(src)
		if err != nil {
			return
		}
		if bad := executable(string(out)); bad != "" {
			t.Fatalf("Render(%q) = %q: %s", src, out, bad)
		}
		if again, err := Clean(clean); err != nil || again != clean {
			t.Fatalf("Clean is not stable on %q: %q, %v", clean, again, err)
		}
	})
}
