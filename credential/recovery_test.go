package credential

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

var recoveryForm = regexp.MustCompile(`^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$`)

func TestNewRecoveryCodes(t *testing.T) {
	codes, err := NewRecoveryCodes(10)
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) != 10 {
		t.Fatalf("got %d codes; want 10", len(codes))
	}
	seen := map[string]bool{}
	for _, c := range codes {
		if !recoveryForm.MatchString(c) {
			t.Errorf("code %q is not of the form xxxx-xxxx-xxxx in Crockford base32", c)
		}
		if NormalizeRecoveryCode(c) != c {
			t.Errorf("code %q is not in its normal form", c)
		}
		if seen[c] {
			t.Errorf("code %q repeated", c)
		}
		seen[c] = true
	}
	for _, n := range []int{0, -1, MaxRecoveryCodes + 1} {
		if _, err := NewRecoveryCodes(n); err == nil {
			t.Errorf("NewRecoveryCodes(%d) succeeded", n)
		}
	}
}

func TestRecoveryCodeSymbolsUniform(t *testing.T) {
	// Every symbol of the alphabet turns up, and no other.
	counts := map[rune]int{}
	codes, _ := NewRecoveryCodes(MaxRecoveryCodes)
	for _, c := range codes {
		for _, r := range strings.ReplaceAll(c, "-", "") {
			counts[r]++
		}
	}
	for _, r := range recoveryAlphabet {
		if counts[r] == 0 {
			t.Errorf("symbol %q never drawn in %d symbols", r, 12*MaxRecoveryCodes)
		}
		delete(counts, r)
	}
	if len(counts) != 0 {
		t.Errorf("symbols outside the alphabet: %v", counts)
	}
}

func TestNormalizeRecoveryCode(t *testing.T) {
	const code = "k7qm-2xw4-9fp1"
	tests := []struct {
		name, in, want string
	}{
		{"normal", code, code},
		{"upper case", "K7QM-2XW4-9FP1", code},
		{"no dashes", "k7qm2xw49fp1", code},
		{"spaces", "  k7qm 2xw4\t9fp1 \n", code},
		{"extra dashes", "-k7-qm--2xw4-9fp1-", code},
		{"typographic dashes", "k7qm\u20132xw4\u20149fp1", code},
		{"minus sign", "k7qm\u22122xw4\u22129fp1", code},
		{"non-breaking space", "k7qm\u00a02xw4\u00a09fp1", code},
		{"I as one", "K7QM-2XW4-9FPI", code},
		{"L as one", "k7qm-2xw4-9fpl", code},
		{"O as zero", "kOqm-2xw4-9fp1", "k0qm-2xw4-9fp1"},
		{"too short", "k7qm-2xw4-9fp", ""},
		{"too long", "k7qm-2xw4-9fp1-a", ""},
		{"U is not a symbol", "k7qm-2xw4-9fpu", ""},
		{"punctuation", "k7qm.2xw4.9fp1", ""},
		{"non-ASCII letter", "k7qm-2xw4-9fpé", ""},
		{"fullwidth digit", "k7qm-2xw4-9fp\uff11", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NormalizeRecoveryCode(tt.in); got != tt.want {
				t.Errorf("NormalizeRecoveryCode(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRecoveryCodeRoundTrip(t *testing.T) {
	codes, _ := NewRecoveryCodes(MaxRecoveryCodes)
	for _, c := range codes {
		stored := HashRecoveryCode(c)
		// As a member might type it from paper: upper case, spaces for
		// dashes, and look-alike letters for the digits 0 and 1.
		typed := strings.NewReplacer("-", " ", "0", "O", "1", "l").Replace(strings.ToUpper(c))
		if NormalizeRecoveryCode(typed) != c {
			t.Errorf("%q typed as %q normalizes to %q", c, typed, NormalizeRecoveryCode(typed))
		}
		if !bytes.Equal(HashRecoveryCode(typed), stored) {
			t.Errorf("hash of %q typed as %q differs", c, typed)
		}
	}
	if bytes.Equal(HashRecoveryCode(codes[0]), HashRecoveryCode(codes[1])) {
		t.Error("two codes hash alike")
	}
	if len(HashRecoveryCode(codes[0])) != 32 {
		t.Error("hash is not SHA-256 sized")
	}
}

func FuzzNormalizeRecoveryCode(f *testing.F) {
	for _, s := range []string{"k7qm-2xw4-9fpt", "K7QM 2XW4 9FPT", "ilo0-ILO0-ilo0", "", "-", "k7qm-2xw4-9fpt-", "é\u2013\u00a0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeRecoveryCode(s)
		if n != "" && !recoveryForm.MatchString(n) {
			t.Fatalf("NormalizeRecoveryCode(%q) = %q, not a code in normal form", s, n)
		}
		if again := NormalizeRecoveryCode(n); again != n {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, n, again)
		}
		if !bytes.Equal(HashRecoveryCode(s), HashRecoveryCode(n)) {
			t.Fatalf("HashRecoveryCode(%q) differs from that of its normal form %q", s, n)
		}
		if n != "" {
			if up := NormalizeRecoveryCode(strings.ToUpper(n)); up != n {
				t.Fatalf("upper case of %q normalizes to %q", n, up)
			}
		}
	})
}
