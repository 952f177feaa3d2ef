package auth

import "net/http"

// APIKeyHeader is the header callers send their key in. It is written in its
// canonical form, as net/http stores it, so that the header map is indexed with it
// directly: Header.Get would canonicalize it again on every request.
const APIKeyHeader = "X-Api-Key" //nolint:gosec // G101: a header's name, not a credential.

// APIKey accepts requests whose X-API-Key is one of keys (see APIKeys) and
// answers 401 to the others.
func APIKey(keys []string) func(http.Handler) http.Handler {
	checker := NewAPIKeys(keys)
	const challenge = `APIKey header="X-API-Key"`
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var key string
			if v := r.Header[APIKeyHeader]; len(v) > 0 {
				key = v[0] // the first, as Header.Get
			}
			caller, ok := checker.Check(key)
			if !ok {
				unauthorized(w, r, challenge, key != "")
				return
			}
			serveAs(next, w, r, caller)
		})
	}
}
