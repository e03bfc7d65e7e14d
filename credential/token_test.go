package credential

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
)

func TestNewToken(t *testing.T) {
	tests := []struct {
		name, prefix string
	}{
		{"session", ""},
		{"access token", "hpat_"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, hash, err := NewToken(tt.prefix)
			if err != nil {
				t.Fatal(err)
			}
			rest, ok := strings.CutPrefix(tok, tt.prefix)
			if !ok {
				t.Fatalf("token %q lacks prefix %q", tok, tt.prefix)
			}
			raw, err := base64.RawURLEncoding.Strict().DecodeString(rest)
			if err != nil {
				t.Fatalf("token %q is not unpadded base64url: %v", tok, err)
			}
			if len(raw) < 16 {
				t.Errorf("token carries %d bits; want at least 128", 8*len(raw))
			}
			if want := sha256.Sum256([]byte(tok)); !bytes.Equal(hash, want[:]) {
				t.Error("hash is not the SHA-256 of the whole token")
			}
			if !bytes.Equal(HashToken(tok), hash) {
				t.Error("HashToken disagrees with NewToken")
			}
			other, _, _ := NewToken(tt.prefix)
			if other == tok {
				t.Error("two tokens are equal")
			}
		})
	}
}

func TestHashToken(t *testing.T) {
	// SHA-256("abc"), FIPS 180-2 appendix B.1.
	want := "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
	if got := HashToken("abc"); hex.EncodeToString(got) != want {
		t.Errorf("HashToken(abc) = %x", got)
	}
	if bytes.Equal(HashToken("hpat_x"), HashToken("x")) {
		t.Error("prefix is not part of the hash")
	}
}
