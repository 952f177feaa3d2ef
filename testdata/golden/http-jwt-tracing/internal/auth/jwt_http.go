package auth

import (
	"net/http"

	"github.com/acme/billing/internal/config"
)

// JWT accepts requests with "Authorization: Bearer <token>" where the token passes
// JWTVerifier, and answers 401 to the others. The caller is the token's subject.
func JWT(cfg config.Auth) func(http.Handler) http.Handler {
	verifier := NewJWTVerifier(cfg)
	const challenge = `Bearer error="invalid_token"`
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			token, _ := BearerToken(r.Header.Get("Authorization"))
			caller, ok := verifier.Check(token)
			if !ok {
				unauthorized(w, challenge)
				return
			}
			serveAs(next, w, r, caller)
		})
	}
}
