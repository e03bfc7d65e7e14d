package ical

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// maxLine is the most octets a content line may have before its CRLF
// (RFC 5545, section 3.1). A continuation line's leading space counts.
const maxLine = 75

// escapeText returns s as an RFC 5545 TEXT value (section 3.3.11):
// backslash, semicolon and comma are escaped, every line break (CRLF,
// CR or LF) becomes \n, other control characters are dropped (TEXT may
// not hold them) and each octet of invalid UTF-8 becomes U+FFFD.
func escapeText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\\':
			b.WriteString(`\\`)
		case r == ';':
			b.WriteString(`\;`)
		case r == ',':
			b.WriteString(`\,`)
		case r == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				size++ // CRLF is one line break
			}
			b.WriteString(`\n`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteByte('\t')
		case r < 0x20 || r == 0x7f:
			// TEXT allows no other control character: drop it.
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// cleanValue returns s for a value that is not TEXT (a URI, a time zone
// name): control characters, which no content line may hold, are dropped
// and each octet of invalid UTF-8 becomes U+FFFD. Nothing is escaped.
func cleanValue(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// writeLine writes one content line to buf, folded so that no line is
// longer than 75 octets (RFC 5545, section 3.1): a long line is broken
// by CRLF followed by a space. A break never falls inside a UTF-8
// sequence, so each physical line is valid UTF-8 on its own.
func writeLine(buf *bytes.Buffer, line string) {
	limit := maxLine
	for len(line) > limit {
		cut := limit
		for !utf8.RuneStart(line[cut]) {
			cut-- // a rune is at most 4 octets, so cut stays well above 0
		}
		buf.WriteString(line[:cut])
		buf.WriteString("\r\n ")
		line = line[cut:]
		limit = maxLine - 1 // the leading space takes one octet
	}
	buf.WriteString(line)
	buf.WriteString("\r\n")
}
