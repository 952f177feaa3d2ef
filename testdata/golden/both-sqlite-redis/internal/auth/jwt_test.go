package auth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"go.uber.org/goleak"

	"example.com/shop/inventory/internal/config"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

var secret = []byte("0123456789abcdef0123456789abcdef")

func hsConfig() config.Auth {
	return config.Auth{Algorithm: "HS256", Secret: secret, Issuer: "https://issuer.example", Audience: "orders-api", Leeway: 30 * time.Second}
}

func claims(mutate func(jwt.MapClaims)) jwt.MapClaims {
	now := time.Now()
	c := jwt.MapClaims{
		"sub": "user-42",
		"iss": "https://issuer.example",
		"aud": "orders-api",
		"iat": now.Unix(),
		"exp": now.Add(time.Hour).Unix(),
	}
	if mutate != nil {
		mutate(c)
	}
	return c
}

func sign(t *testing.T, method jwt.SigningMethod, key any, c jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, c).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// call checks the token of an Authorization header value as every transport does
// and returns the HTTP status it would get (200 or 401) and the caller.
func call(t *testing.T, cfg config.Auth, header string) (int, string) {
	t.Helper()
	token, _ := BearerToken(header)
	caller, ok := NewJWTVerifier(cfg).Check(token)
	if !ok {
		return http.StatusUnauthorized, ""
	}
	return http.StatusOK, caller
}

func TestJWTRejections(t *testing.T) {
	now := time.Now()
	none := sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, claims(nil))
	tests := []struct {
		name   string
		header string
	}{
		{"missing", ""},
		{"not bearer", "Basic dXNlcjpwYXNz"},
		{"empty bearer", "Bearer "},
		{"malformed", "Bearer not.a.jwt"},
		{"wrong secret", "Bearer " + sign(t, jwt.SigningMethodHS256, []byte("another-secret-another-secret-xx"), claims(nil))},
		{"alg none", "Bearer " + none},
		{"wrong algorithm (HS384)", "Bearer " + sign(t, jwt.SigningMethodHS384, secret, claims(nil))},
		{"expired", "Bearer " + sign(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { c["exp"] = now.Add(-2 * time.Minute).Unix() }))},
		{"no exp", "Bearer " + sign(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { delete(c, "exp") }))},
		{"not yet valid", "Bearer " + sign(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { c["nbf"] = now.Add(2 * time.Minute).Unix() }))},
		{"issued in the future", "Bearer " + sign(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { c["iat"] = now.Add(2 * time.Minute).Unix() }))},
		{"wrong issuer", "Bearer " + sign(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { c["iss"] = "https://evil.example" }))},
		{"no issuer", "Bearer " + sign(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { delete(c, "iss") }))},
		{"wrong audience", "Bearer " + sign(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { c["aud"] = "other-api" }))},
		{"no subject", "Bearer " + sign(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { delete(c, "sub") }))},
		{"64 KiB of dots", "Bearer " + strings.Repeat(".", 64<<10)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, _ := call(t, hsConfig(), tt.header); code != http.StatusUnauthorized {
				t.Errorf("status = %d, want 401", code)
			}
		})
	}
}

func TestJWTAccepts(t *testing.T) {
	now := time.Now()
	for name, c := range map[string]jwt.MapClaims{
		"valid":                     claims(nil),
		"expired within the leeway": claims(func(c jwt.MapClaims) { c["exp"] = now.Add(-10 * time.Second).Unix() }),
		"audience among several":    claims(func(c jwt.MapClaims) { c["aud"] = []string{"other-api", "orders-api"} }),
	} {
		code, caller := call(t, hsConfig(), "Bearer "+sign(t, jwt.SigningMethodHS256, secret, c))
		if code != http.StatusOK || caller != "user-42" {
			t.Errorf("%s: status %d caller %q, want 200 user-42", name, code, caller)
		}
	}
}

func TestJWTUnconfiguredRefusesEverything(t *testing.T) {
	cfg := hsConfig()
	cfg.Secret = nil
	if code, _ := call(t, cfg, "Bearer "+sign(t, jwt.SigningMethodHS256, secret, claims(nil))); code != http.StatusUnauthorized {
		t.Errorf("with no key configured: status %d, want 401", code)
	}
}

// With an asymmetric algorithm configured, a token "signed" with HMAC using the
// public key as the secret must fail (algorithm confusion), as must a token from
// another key pair.
func TestJWTPublicKeyAlgorithms(t *testing.T) {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	cfg := config.Auth{Algorithm: "RS256", PublicKey: &priv.PublicKey, Audience: "orders-api", Leeway: 30 * time.Second}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	for name, tt := range map[string]struct {
		token string
		want  int
	}{
		"RS256":                       {sign(t, jwt.SigningMethodRS256, priv, claims(nil)), http.StatusOK},
		"HS256 with the public key":   {sign(t, jwt.SigningMethodHS256, pubPEM, claims(nil)), http.StatusUnauthorized},
		"ES256":                       {sign(t, jwt.SigningMethodES256, ecKey, claims(nil)), http.StatusUnauthorized},
		"RS512 with the right key":    {sign(t, jwt.SigningMethodRS512, priv, claims(nil)), http.StatusUnauthorized},
		"RS256 from another key pair": {sign(t, jwt.SigningMethodRS256, other, claims(nil)), http.StatusUnauthorized},
	} {
		if code, _ := call(t, cfg, "Bearer "+tt.token); code != tt.want {
			t.Errorf("%s: status %d, want %d", name, code, tt.want)
		}
	}
}

// A token the same issuer minted for another service is refused: the audience is
// always checked, unless the configuration explicitly accepts any.
func TestJWTAudienceIsRequired(t *testing.T) {
	forUs := sign(t, jwt.SigningMethodHS256, secret, claims(nil))
	forOther := sign(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { c["aud"] = "other-api" }))
	noAudience := sign(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { delete(c, "aud") }))

	cfg := hsConfig()
	cfg.Audience = ""
	for name, token := range map[string]string{"for us": forUs, "for another service": forOther, "without aud": noAudience} {
		if code, _ := call(t, cfg, "Bearer "+token); code != http.StatusUnauthorized {
			t.Errorf("no audience configured, token %s: status %d, want 401", name, code)
		}
	}
	cfg.AnyAudience = true
	for name, token := range map[string]string{"for another service": forOther, "without aud": noAudience} {
		if code, _ := call(t, cfg, "Bearer "+token); code != http.StatusOK {
			t.Errorf("any audience accepted, token %s: status %d, want 200", name, code)
		}
	}
}

// A hostile token that fits under maxTokenLen reaches the parser, which must
// reject it without allocating per byte: golang-jwt before v5.2.2 split the token
// on every dot (CVE-2025-30204), 16 bytes per dot. Longer tokens never reach it
// (TestJWTLongTokenIsRefusedUnparsed).
func TestJWTHostileHeaderIsCheap(t *testing.T) {
	verifier := NewJWTVerifier(hsConfig())
	token := strings.Repeat(".", maxTokenLen)
	const runs = 100
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range runs {
		if _, ok := verifier.Check(token); ok {
			t.Fatal("a token of dots was accepted")
		}
	}
	runtime.ReadMemStats(&after)
	if perCall := (after.TotalAlloc - before.TotalAlloc) / runs; perCall >= maxTokenLen {
		t.Errorf("rejecting %d dots allocated %d bytes per call, want less than the token's size", maxTokenLen, perCall)
	}
}

// The length cap keeps what the parser sees small: a validly signed token longer
// than maxTokenLen is refused, one just under it accepted.
func TestJWTLongTokenIsRefusedUnparsed(t *testing.T) {
	padded := func(n int) string {
		return sign(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { c["pad"] = strings.Repeat("x", n) }))
	}
	base := len(padded(0))
	// Base64 makes 4 characters of every 3 bytes of claims.
	fits, over := padded((maxTokenLen-base)*3/4-3), padded((maxTokenLen-base)*3/4+3)
	if len(fits) > maxTokenLen || len(over) <= maxTokenLen {
		t.Fatalf("test tokens are %d and %d bytes long, want them either side of %d", len(fits), len(over), maxTokenLen)
	}
	if code, _ := call(t, hsConfig(), "Bearer "+fits); code != http.StatusOK {
		t.Errorf("valid %d-byte token: status %d, want 200", len(fits), code)
	}
	if code, _ := call(t, hsConfig(), "Bearer "+over); code != http.StatusUnauthorized {
		t.Errorf("valid %d-byte token: status %d, want 401 (over the %d-byte cap)", len(over), code, maxTokenLen)
	}
}

// Every parse must pin the algorithm and require expiry; checked in the source.
func TestParserOptionsArePinned(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "jwt.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "jwt" {
				seen[sel.Sel.Name] = true
			}
		}
		return true
	})
	for _, want := range []string{"WithValidMethods", "WithExpirationRequired", "NewParser"} {
		if !seen[want] {
			t.Errorf("jwt.go does not use jwt.%s", want)
		}
	}
	for _, banned := range []string{"Parse", "ParseUnverified", "UnsafeAllowNoneSignatureType", "WithoutClaimsValidation"} {
		if seen[banned] {
			t.Errorf("jwt.go uses jwt.%s", banned)
		}
	}
}
