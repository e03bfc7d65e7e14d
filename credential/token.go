package credential

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
)

// tokenBytes is the randomness in a token: 256 bits, beyond guessing
// however many tries are made.
const tokenBytes = 32

// NewToken returns a new random token and its hash. The token is prefix
// followed by 256 bits from crypto/rand in unpadded base64url (43
// characters), e.g. prefix "hpat_" for personal access tokens, which lets
// secret scanners recognise a leaked one, and "" for session cookies. Show
// or send the token once; store only the hash. The error is for a failing
// source of randomness; crypto/rand does not fail on the systems Go supports.
func NewToken(prefix string) (token string, hash []byte, err error) {
	b := make([]byte, tokenBytes)
	rand.Read(b)
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken returns the SHA-256 of token, prefix included, the value stored
// for a session or access token. A fast hash is enough for 256 random bits.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}
