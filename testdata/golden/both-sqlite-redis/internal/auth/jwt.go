package auth

import (
	"strings"

	"github.com/golang-jwt/jwt/v5"

	"example.com/shop/inventory/internal/config"
)

// maxTokenLen bounds what is parsed at all; real tokens are far smaller.
const maxTokenLen = 8 << 10

// JWTVerifier checks bearer tokens: signed with cfg's algorithm and key, not
// expired (exp is required), already valid (nbf, iat), meant for this service (aud
// contains cfg's audience, unless cfg accepts any) and from cfg's issuer when one
// is configured. Exactly one algorithm is accepted, so "alg: none" and algorithm
// confusion (an HS256 token "signed" with an RSA public key) fail. Without a key,
// or without an audience and no opt-out, every token is refused. Both transports
// use it.
type JWTVerifier struct {
	cfg    config.Auth
	parser *jwt.Parser
}

// NewJWTVerifier returns a verifier for cfg.
func NewJWTVerifier(cfg config.Auth) *JWTVerifier {
	opts := []jwt.ParserOption{
		jwt.WithValidMethods([]string{cfg.Algorithm}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(cfg.Leeway),
	}
	if cfg.Issuer != "" {
		opts = append(opts, jwt.WithIssuer(cfg.Issuer))
	}
	if !cfg.AnyAudience {
		opts = append(opts, jwt.WithAudience(cfg.Audience))
	}
	return &JWTVerifier{cfg: cfg, parser: jwt.NewParser(opts...)}
}

// Check returns the subject (sub claim) of a valid raw token.
func (v *JWTVerifier) Check(raw string) (caller string, ok bool) {
	if raw == "" || len(raw) > maxTokenLen || !v.cfg.Configured() {
		return "", false
	}
	var claims jwt.RegisteredClaims
	// The subject names the caller; a token without one identifies nobody.
	if _, err := v.parser.ParseWithClaims(raw, &claims, v.key); err != nil || claims.Subject == "" {
		return "", false
	}
	return claims.Subject, true
}

func (v *JWTVerifier) key(*jwt.Token) (any, error) {
	if len(v.cfg.Secret) > 0 {
		return v.cfg.Secret, nil
	}
	return v.cfg.PublicKey, nil
}

// BearerToken extracts the token of an "Authorization: Bearer <token>" value.
func BearerToken(header string) (string, bool) {
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	return token, true
}
