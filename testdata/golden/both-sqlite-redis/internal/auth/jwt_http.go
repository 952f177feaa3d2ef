package auth

import (
	"net/http"

	"example.com/shop/inventory/internal/config"
)

// JWT accepts requests with "Authorization: Bearer <token>" where the token passes
// JWTVerifier, and answers 401 to the others. The caller is the token's subject.
func JWT(cfg config.Auth) func(http.Handler) http.Handler {
	verifier := NewJWTVerifier(cfg)
	const challenge = `Bearer error="invalid_token"`
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			header := r.Header.Get("Authorization")
			token, _ := BearerToken(header)
			caller, ok := verifier.Check(token)
			if !ok {
				// Another scheme (Basic, say) is credentials too, of the wrong kind.
				unauthorized(w, r, challenge, header != "")
				return
			}
			serveAs(next, w, r, caller)
		})
	}
}
