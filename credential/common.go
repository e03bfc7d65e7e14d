package credential

import (
	_ "embed"
	"strings"
	"sync"
)

// commonPasswordsTxt holds the 10,000 most common passwords, one a line,
// most common first. See README.md for where they come from.
//
//go:embed common_passwords.txt
var commonPasswordsTxt string

var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	words := strings.Split(strings.TrimSuffix(commonPasswordsTxt, "\n"), "\n")
	m := make(map[string]struct{}, len(words))
	for _, w := range words {
		m[w] = struct{}{}
	}
	return m
})

// IsCommon reports whether pw, ignoring case, is one of the 10,000 most
// common passwords. The list is lower case, so "Password" counts as
// "password". Spaces are significant: "password " is not on the list.
func IsCommon(pw string) bool {
	_, ok := commonPasswords()[strings.ToLower(pw)]
	return ok
}
