package ical

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzText checks that any text, once escaped and folded into a content
// line, keeps every rule of a content line and unfolds and unescapes back
// to itself (less what TEXT cannot hold: control characters other than
// tab and line breaks, and invalid UTF-8).
func FuzzText(f *testing.F) {
	for _, s := range []string{
		"", "plain", `a\b;c,d`, "line\r\nbreak\rand\nmore", "tab\there",
		strings.Repeat("ñ", 100), strings.Repeat("🙏", 40), "bad\xff\xfe", "\x00\x1f\x7f",
		"Reunión abierta; café, té \\ pan 🥐\n",
	} {
		f.Add(s, 0)
		f.Add(s, 73)
	}
	f.Fuzz(func(t *testing.T, s string, pad int) {
		pad = min(max(pad, 0), 200)
		prefix := "DESCRIPTION:" + strings.Repeat("x", pad)
		var buf bytes.Buffer
		writeLine(&buf, prefix+escapeText(s))
		out := buf.Bytes()

		lines := bytes.Split(bytes.TrimSuffix(out, []byte("\r\n")), []byte("\r\n"))
		for i, l := range lines {
			if len(l) > maxLine || !utf8.Valid(l) || bytes.ContainsAny(l, "\r\n") {
				t.Fatalf("line %d breaks the rules: %q", i+1, l)
			}
			if i > 0 && (len(l) < 2 || l[0] != ' ') {
				t.Fatalf("continuation line %d is %q", i+1, l)
			}
		}
		unfolded := strings.ReplaceAll(string(out[:len(out)-2]), "\r\n ", "")
		value, ok := strings.CutPrefix(unfolded, prefix)
		if !ok {
			t.Fatalf("the line lost its name: %q", unfolded)
		}
		got, err := unescapeText(value)
		if err != nil {
			t.Fatalf("%v in %q", err, value)
		}
		if want := textOf(s); got != want {
			t.Fatalf("%q came back as %q, want %q", s, got, want)
		}
	})
}

// unescapeText reads an RFC 5545 TEXT value. It is written apart from
// escapeText, to test it.
func unescapeText(v string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\\' && i+1 < len(v):
			i++
			switch v[i] {
			case '\\', ';', ',':
				b.WriteByte(v[i])
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				return "", &textError{"bad escape", v[i-1:]}
			}
		case c == '\\' || c == ';' || c == ',':
			return "", &textError{"unescaped special character", v[i:]}
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

type textError struct{ what, at string }

func (e *textError) Error() string { return e.what + " at " + e.at }

// textOf is what TEXT can say of s: line breaks as LF, no other control
// character but tab, each octet of invalid UTF-8 as U+FFFD.
func textOf(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
			return -1
		}
		return r
	}, s)
}
