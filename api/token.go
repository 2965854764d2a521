package api

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strings"
)

// tokenPrefixLen is how much of a secret is kept in clear (as APIToken.Prefix)
// so people can tell their tokens apart in lists.
const tokenPrefixLen = 12

// NewToken returns a fresh API token: the secret to show once, the prefix to
// keep for display and the hash to store.
func NewToken() (secret, prefix, hash string) {
	b := make([]byte, 32)
	rand.Read(b) // never fails since Go 1.24: it crashes the program instead
	secret = "gtg_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
	return secret, secret[:tokenPrefixLen], HashToken(secret)
}

// HashToken returns the hex SHA-256 of a token secret, the form the store
// keeps. A fast hash is enough: secrets carry 256 random bits, so there is
// nothing to brute-force.
func HashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
