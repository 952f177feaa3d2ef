package auth

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
)

// APIKeys checks API keys. Keys are compared as SHA-256 digests with
// crypto/subtle, so the comparison takes the same time whatever the key's length
// or how much of it matches (ConstantTimeCompare returns at once on a length
// mismatch, which digests rule out), and every key is checked rather than stopping
// at the first match. With no keys every key is refused. Both transports use it.
type APIKeys struct {
	digests [][sha256.Size]byte
	callers []string
}

// NewAPIKeys returns a checker accepting keys.
//
// The caller is recorded as "apikey:" and the first 8 hex digits of the key's
// digest: enough to tell keys apart in logs, useless to an attacker.
func NewAPIKeys(keys []string) *APIKeys {
	k := &APIKeys{digests: make([][sha256.Size]byte, len(keys)), callers: make([]string, len(keys))}
	for i, key := range keys {
		k.digests[i] = sha256.Sum256([]byte(key))
		k.callers[i] = "apikey:" + hex.EncodeToString(k.digests[i][:4])
	}
	return k
}

// Check reports who key belongs to, and whether it is valid at all.
func (k *APIKeys) Check(key string) (caller string, ok bool) {
	if key == "" {
		return "", false
	}
	got := sha256.Sum256([]byte(key))
	matched := -1
	for i := range k.digests {
		matched = subtle.ConstantTimeSelect(subtle.ConstantTimeCompare(got[:], k.digests[i][:]), i, matched)
	}
	if matched < 0 {
		return "", false
	}
	return k.callers[matched], true
}
