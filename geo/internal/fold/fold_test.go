package fold

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Bogotá", "bogota"},
		{"BOGOTA", "bogota"},
		{"Ciudad de México", "ciudad de mexico"},
		{"São Paulo", "sao paulo"},
		{"Zürich", "zurich"},
		{"Straße", "strasse"},
		{"Łódź", "lodz"},
		{"Ærøskøbing", "aeroskobing"},
		{"İstanbul", "istanbul"},
		{"St. John's", "st johns"},
		{"Washington, D.C.", "washington dc"},
		{"Winston-Salem", "winston salem"},
		{"  Coeur d’Alene  ", "coeur dalene"},
		{"san jose,costa rica", "san jose costa rica"},
		{"Springfield   IL", "springfield il"},
		{"Москва", "москва"},
		{"東京", "東京"},
		{"", ""},
		{" ,.- ", ""},
		{"Ñuñoa", "nunoa"},
		{"A Coruña", "a coruna"},
	}
	for _, tt := range tests {
		if got := Name(tt.in); got != tt.want {
			t.Errorf("Name(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzName(f *testing.F) {
	for _, s := range []string{"Bogotá", "St. John's", "Łódź, PL", "\xff", "a\u0301", "東京"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Name(s)
		if !utf8.ValidString(k) && utf8.ValidString(s) {
			t.Fatalf("Name(%q) = %q is not valid UTF-8", s, k)
		}
		if k != strings.TrimSpace(k) || strings.Contains(k, "  ") {
			t.Fatalf("Name(%q) = %q has stray spaces", s, k)
		}
		if Name(k) != k {
			t.Fatalf("Name is not idempotent: %q → %q → %q", s, k, Name(k))
		}
	})
}
