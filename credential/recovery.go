package credential

import (
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"strings"
	"unicode"
)

// Recovery codes are 12 symbols of Crockford's base32 alphabet, which
// leaves out I, L, O and U, written in lower case in three groups of four:
// "k7qm-2xw4-9fpt". That is 60 random bits per code.
const (
	recoveryAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"
	recoverySymbols  = 12
	recoveryGroup    = 4
)

// MaxRecoveryCodes bounds one call of NewRecoveryCodes.
const MaxRecoveryCodes = 100

// NewRecoveryCodes returns n distinct new recovery codes in their normal
// form, to show the member once; store only their HashRecoveryCode.
func NewRecoveryCodes(n int) ([]string, error) {
	if n < 1 || n > MaxRecoveryCodes {
		return nil, errors.New("credential: number of recovery codes out of range")
	}
	codes := make([]string, 0, n)
	seen := make(map[string]bool, n)
	buf := make([]byte, recoverySymbols)
	for len(codes) < n {
		rand.Read(buf)
		var b strings.Builder
		for i, r := range buf {
			if i > 0 && i%recoveryGroup == 0 {
				b.WriteByte('-')
			}
			// 256 is a multiple of 32, so every symbol is equally likely.
			b.WriteByte(recoveryAlphabet[r%32])
		}
		if c := b.String(); !seen[c] {
			seen[c] = true
			codes = append(codes, c)
		}
	}
	return codes, nil
}

// NormalizeRecoveryCode turns a recovery code as typed into its normal form
// ("k7qm-2xw4-9fpt"), or "" if it cannot be one. It ignores case, spaces
// and dashes wherever they are (including the typographic dashes a phone
// may substitute), and reads the look-alikes O as 0 and I and L as 1.
func NormalizeRecoveryCode(s string) string {
	var sym [recoverySymbols]byte
	n := 0
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) || r == '\u2212': // Pd holds '-'; U+2212 is the minus sign
			continue
		case r > unicode.MaxASCII:
			return ""
		}
		c := byte(unicode.ToLower(r))
		switch c {
		case 'o':
			c = '0'
		case 'i', 'l':
			c = '1'
		}
		if n == recoverySymbols || strings.IndexByte(recoveryAlphabet, c) < 0 {
			return ""
		}
		sym[n] = c
		n++
	}
	if n != recoverySymbols {
		return ""
	}
	var b strings.Builder
	for i, c := range sym {
		if i > 0 && i%recoveryGroup == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// HashRecoveryCode returns the SHA-256 of the code's normal form, the value
// to store and to look up. A fast hash is adequate here, unlike for
// passwords: a code is 60 bits drawn at random, not chosen by a person, and
// guessing is bounded by the rate limits on recovery, so no dictionary or
// brute force can reach it. A code that does not normalize hashes to a
// value no issued code has.
func HashRecoveryCode(code string) []byte {
	sum := sha256.Sum256([]byte(NormalizeRecoveryCode(code)))
	return sum[:]
}
