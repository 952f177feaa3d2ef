package config

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"time"
)

// maxJWTLeeway bounds the clock skew allowed on exp, nbf and iat.
const maxJWTLeeway = 60 * time.Second

// Auth says how bearer JWTs are verified. Exactly one algorithm is accepted, so a
// token cannot choose how it is checked ("alg: none", or an HMAC token "signed"
// with the public key).
type Auth struct {
	// Algorithm is the only accepted signing algorithm (JWT_ALGORITHM: HS256, HS384,
	// HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512 or EdDSA;
	// default HS256).
	Algorithm string
	// Secret is the HMAC key for HS* algorithms (JWT_SECRET, at least 32 bytes).
	Secret []byte
	// PublicKey verifies the other algorithms (JWT_PUBLIC_KEY: the PEM text of the
	// issuer's public key).
	PublicKey crypto.PublicKey
	// Issuer, when set, must equal the token's iss claim (JWT_ISSUER).
	Issuer string
	// Audience must be among the token's aud claim (JWT_AUDIENCE), so that a token
	// the issuer minted for another service is refused here. It is required once a
	// key is set, unless AnyAudience is.
	Audience string
	// AnyAudience accepts tokens whatever their audience (JWT_ACCEPT_ANY_AUDIENCE=true):
	// only for an issuer that mints tokens for this service alone.
	AnyAudience bool
	// Leeway is the clock skew allowed on exp, nbf and iat (JWT_LEEWAY, at most 60s).
	Leeway time.Duration
}

// Configured reports whether a key is set. Without one the service still starts
// (so that it runs on its defaults), but stays unready and refuses every API
// request; Missing says why.
func (a Auth) Configured() bool { return a.Missing() == "" }

// Missing names the settings the API still needs before it can admit anyone, or is
// empty once it has them. It is shown in /health, so it names no value.
func (a Auth) Missing() string {
	switch {
	case len(a.Secret) == 0 && a.PublicKey == nil && strings.HasPrefix(a.Algorithm, "HS"):
		return "no JWT key configured: set JWT_SECRET (or JWT_ALGORITHM and JWT_PUBLIC_KEY)"
	case len(a.Secret) == 0 && a.PublicKey == nil:
		return "no JWT key configured: set JWT_PUBLIC_KEY"
	case a.Audience == "" && !a.AnyAudience:
		return "no JWT audience configured: set JWT_AUDIENCE"
	}
	return ""
}

func defaultAuth() Auth { return Auth{Algorithm: "HS256", Leeway: 30 * time.Second} }

func (a *Auth) load(getenv func(string) string) error {
	if v := getenv("JWT_ALGORITHM"); v != "" {
		a.Algorithm = v
	}
	a.Issuer = getenv("JWT_ISSUER")
	a.Audience = getenv("JWT_AUDIENCE")
	if err := parseDuration(getenv, "JWT_LEEWAY", &a.Leeway, true); err != nil {
		return err
	}
	if a.Leeway > maxJWTLeeway {
		return fmt.Errorf("JWT_LEEWAY=%s: want at most %s", a.Leeway, maxJWTLeeway)
	}
	switch v := getenv("JWT_ACCEPT_ANY_AUDIENCE"); v {
	case "", "false":
	case "true":
		a.AnyAudience = true
	default:
		return fmt.Errorf("JWT_ACCEPT_ANY_AUDIENCE=%q: want true or false", v)
	}
	if err := a.loadKey(getenv); err != nil {
		return err
	}
	switch {
	case a.AnyAudience && a.Audience != "":
		return fmt.Errorf("JWT_AUDIENCE is set, but JWT_ACCEPT_ANY_AUDIENCE=true turns the audience check off: unset one")
	case a.Audience == "" && !a.AnyAudience && (len(a.Secret) > 0 || a.PublicKey != nil):
		return fmt.Errorf("JWT_AUDIENCE is required once a key is set: the aud claim of tokens meant for this service, such as inventory (or JWT_ACCEPT_ANY_AUDIENCE=true if the issuer mints tokens for this service alone)")
	}
	return nil
}

// loadKey reads the key that fits the algorithm.
func (a *Auth) loadKey(getenv func(string) string) error {
	secret, pemText := getenv("JWT_SECRET"), getenv("JWT_PUBLIC_KEY")
	var err error
	switch a.Algorithm {
	case "HS256", "HS384", "HS512":
		switch {
		case pemText != "":
			return fmt.Errorf("JWT_PUBLIC_KEY is set, but JWT_ALGORITHM=%s verifies with JWT_SECRET", a.Algorithm)
		case secret != "" && len(secret) < 32:
			return fmt.Errorf("JWT_SECRET: %d bytes long; want at least 32 (generate one with: openssl rand -hex 32)", len(secret))
		case secret != "":
			a.Secret = []byte(secret)
		}
		return nil
	case "RS256", "RS384", "RS512", "PS256", "PS384", "PS512":
		a.PublicKey, err = publicKey[*rsa.PublicKey](pemText)
	case "ES256", "ES384", "ES512":
		a.PublicKey, err = publicKey[*ecdsa.PublicKey](pemText)
	case "EdDSA":
		a.PublicKey, err = publicKey[ed25519.PublicKey](pemText)
	default:
		return fmt.Errorf("JWT_ALGORITHM=%q: want HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512 or EdDSA", a.Algorithm)
	}
	if err != nil {
		return fmt.Errorf("JWT_PUBLIC_KEY: not a PEM public key for %s: %w", a.Algorithm, err)
	}
	if secret != "" {
		return fmt.Errorf("JWT_SECRET is set, but JWT_ALGORITHM=%s verifies with JWT_PUBLIC_KEY", a.Algorithm)
	}
	return nil
}

// publicKey parses PEM text as a public key of type K, or returns nil for no text.
// It reads what issuers publish (a PUBLIC KEY block, or a CERTIFICATE whose key is
// taken) with crypto/x509, so that config does not depend on the JWT library; the
// key type must fit the algorithm, so an RSA key cannot stand in for an EC one.
func publicKey[K crypto.PublicKey](text string) (crypto.PublicKey, error) {
	if text == "" {
		return nil, nil
	}
	block, _ := pem.Decode([]byte(text))
	if block == nil {
		return nil, errors.New("no PEM block found")
	}
	var key any
	var err error
	switch block.Type {
	case "PUBLIC KEY":
		key, err = x509.ParsePKIXPublicKey(block.Bytes)
	case "CERTIFICATE":
		var cert *x509.Certificate
		if cert, err = x509.ParseCertificate(block.Bytes); err == nil {
			key = cert.PublicKey
		}
	default:
		return nil, fmt.Errorf("PEM block %q: want PUBLIC KEY or CERTIFICATE", block.Type)
	}
	if err != nil {
		return nil, err
	}
	k, ok := key.(K)
	if !ok {
		return nil, fmt.Errorf("a %T key, not the %T the algorithm needs", key, k)
	}
	return k, nil
}
