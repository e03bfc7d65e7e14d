package credential

import (
	"crypto/rand"
	"strings"
	"testing"
)

func TestIsCommon(t *testing.T) {
	tests := []struct {
		pw   string
		want bool
	}{
		{"123456", true},
		{"password", true},
		{"Password", true},
		{"PASSWORD", true},
		{"qwerty", true},
		{"p@ssw0rd", true},
		{"pic's", true},      // unescaped from the CoffeeScript source
		{"lizaveta", true},   // the 10,000th
		{"password ", false}, // spaces count
		{"", false},          // not on the list; length rules are elsewhere
		{"stone soup at midnight", false},
	}
	for _, tt := range tests {
		if got := IsCommon(tt.pw); got != tt.want {
			t.Errorf("IsCommon(%q) = %v; want %v", tt.pw, got, tt.want)
		}
	}
	if random := rand.Text(); IsCommon(random) {
		t.Errorf("IsCommon(%q) = true for a random string", random)
	}
}

func TestCommonPasswordsList(t *testing.T) {
	lines := strings.Split(commonPasswordsTxt, "\n")
	if lines[len(lines)-1] != "" {
		t.Fatal("common_passwords.txt does not end with a newline")
	}
	lines = lines[:len(lines)-1]
	if len(lines) != 10000 {
		t.Errorf("common_passwords.txt has %d lines; want 10000", len(lines))
	}
	if n := len(commonPasswords()); n != 10000 {
		t.Errorf("%d distinct common passwords; want 10000", n)
	}
	for i, w := range lines {
		if w == "" || w != strings.TrimSpace(w) || w != strings.ToLower(w) || strings.ContainsRune(w, '\\') {
			t.Errorf("line %d: %q is not a bare lower-case word", i+1, w)
		}
	}
	if lines[0] != "123456" || lines[1] != "password" {
		t.Errorf("list starts %q, %q; want zxcvbn's order", lines[0], lines[1])
	}
}
