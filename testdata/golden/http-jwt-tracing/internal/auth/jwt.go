package auth

import (
	"net/http"
	"strings"

	"github.com/golang-jwt/jwt/v5"

	"github.com/acme/billing/internal/config"
)

// maxTokenLen bounds what is parsed at all; real tokens are far smaller.
const maxTokenLen = 8 << 10

// JWT accepts requests with "Authorization: Bearer <token>" where the token is
// signed with cfg's algorithm and key, has not expired (exp is required), is
// already valid (nbf, iat), and carries cfg's issuer and audience when they are
// configured. Exactly one algorithm is accepted, so "alg: none" and algorithm
// confusion (an HS256 token "signed" with an RSA public key) fail. Without a key
// every request is refused.
//
// The caller is the token's sub claim.
func JWT(cfg config.Auth) func(http.Handler) http.Handler {
	opts := []jwt.ParserOption{
		jwt.WithValidMethods([]string{cfg.Algorithm}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(cfg.Leeway),
	}
	if cfg.Issuer != "" {
		opts = append(opts, jwt.WithIssuer(cfg.Issuer))
	}
	if cfg.Audience != "" {
		opts = append(opts, jwt.WithAudience(cfg.Audience))
	}
	parser := jwt.NewParser(opts...)
	key := func(*jwt.Token) (any, error) {
		if len(cfg.Secret) > 0 {
			return cfg.Secret, nil
		}
		return cfg.PublicKey, nil
	}
	const challenge = `Bearer error="invalid_token"`
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			raw, ok := bearerToken(r)
			if !ok || !cfg.Configured() {
				unauthorized(w, challenge)
				return
			}
			var claims jwt.RegisteredClaims
			if _, err := parser.ParseWithClaims(raw, &claims, key); err != nil {
				unauthorized(w, challenge)
				return
			}
			next.ServeHTTP(w, withCaller(r, claims.Subject))
		})
	}
}

// bearerToken extracts the token of an "Authorization: Bearer" header.
func bearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" || len(token) > maxTokenLen {
		return "", false
	}
	return token, true
}
