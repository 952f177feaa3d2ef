package auth

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
)

// APIKeyHeader is the header callers send their key in. It is written in its
// canonical form, so that looking it up costs no allocation.
const APIKeyHeader = "X-Api-Key"

// APIKey accepts requests whose X-API-Key is one of keys. Keys are compared as
// SHA-256 digests with crypto/subtle, so the comparison takes the same time
// whatever the key's length or how much of it matches (ConstantTimeCompare returns
// at once on a length mismatch, which digests rule out), and every key is checked
// rather than stopping at the first match. With no keys every request is refused.
//
// The caller is recorded as "apikey:" and the first 8 hex digits of the key's
// digest: enough to tell keys apart in logs, useless to an attacker.
func APIKey(keys []string) func(http.Handler) http.Handler {
	digests := make([][sha256.Size]byte, len(keys))
	callers := make([]string, len(keys))
	for i, k := range keys {
		digests[i] = sha256.Sum256([]byte(k))
		callers[i] = "apikey:" + hex.EncodeToString(digests[i][:4])
	}
	const challenge = `APIKey header="X-API-Key"`
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			key := r.Header.Get(APIKeyHeader)
			if key == "" {
				unauthorized(w, challenge)
				return
			}
			got := sha256.Sum256([]byte(key))
			matched := -1
			for i := range digests {
				matched = subtle.ConstantTimeSelect(subtle.ConstantTimeCompare(got[:], digests[i][:]), i, matched)
			}
			if matched < 0 {
				unauthorized(w, challenge)
				return
			}
			next.ServeHTTP(w, withCaller(r, callers[matched]))
		})
	}
}
