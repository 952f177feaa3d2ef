package config

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"
	"time"
)

func TestJWTDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Auth.Algorithm != "HS256" || c.Auth.Leeway != 30*time.Second || c.Auth.Configured() {
		t.Errorf("Auth = %+v, want HS256, 30s leeway, unconfigured", c.Auth)
	}
}

func TestJWTSettings(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pubPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	c, err := Load(env(map[string]string{
		"JWT_ALGORITHM": "ES256", "JWT_PUBLIC_KEY": pubPEM, "JWT_ISSUER": "https://issuer.example",
		"JWT_AUDIENCE": "shop", "JWT_LEEWAY": "10s",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Auth.Configured() || c.Auth.Issuer != "https://issuer.example" || c.Auth.Audience != "shop" || c.Auth.Leeway != 10*time.Second {
		t.Errorf("Auth = %+v", c.Auth)
	}

	for name, vars := range map[string]map[string]string{
		"JWT_ALGORITHM":  {"JWT_ALGORITHM": "none"},
		"JWT_LEEWAY":     {"JWT_LEEWAY": "5m"},
		"JWT_SECRET":     {"JWT_SECRET": "too-short"},
		"JWT_PUBLIC_KEY": {"JWT_ALGORITHM": "RS256", "JWT_PUBLIC_KEY": "not a key"},
		"JWT_PUBLIC_KEY: not a PEM public key for RS256": {"JWT_ALGORITHM": "RS256", "JWT_PUBLIC_KEY": pubPEM, "JWT_AUDIENCE": "shop"},
		"JWT_SECRET is set":       {"JWT_ALGORITHM": "ES256", "JWT_PUBLIC_KEY": pubPEM, "JWT_SECRET": strings.Repeat("s", 32), "JWT_AUDIENCE": "shop"},
		"JWT_AUDIENCE":            {"JWT_SECRET": strings.Repeat("s", 32)},
		"JWT_ACCEPT_ANY_AUDIENCE": {"JWT_SECRET": strings.Repeat("s", 32), "JWT_ACCEPT_ANY_AUDIENCE": "yes"},
		"JWT_AUDIENCE is set":     {"JWT_SECRET": strings.Repeat("s", 32), "JWT_AUDIENCE": "shop", "JWT_ACCEPT_ANY_AUDIENCE": "true"},
	} {
		_, err := Load(env(vars))
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("Load(%v) = %v, want an error naming %s", vars, err, name)
		}
		if err != nil && strings.Contains(err.Error(), "too-short") {
			t.Errorf("error %q echoes the secret", err)
		}
	}
}

// The audience is required with a key; accepting any is an explicit choice.
func TestJWTAudience(t *testing.T) {
	key := strings.Repeat("s", 32)
	if _, err := Load(env(map[string]string{"JWT_SECRET": key})); err == nil || !strings.Contains(err.Error(), "JWT_AUDIENCE") {
		t.Errorf("JWT_SECRET without JWT_AUDIENCE: Load() = %v, want an error naming JWT_AUDIENCE", err)
	}
	c, err := Load(env(map[string]string{"JWT_SECRET": key, "JWT_ACCEPT_ANY_AUDIENCE": "true"}))
	if err != nil || !c.Auth.AnyAudience || !c.Auth.Configured() {
		t.Errorf("JWT_ACCEPT_ANY_AUDIENCE=true: Load() = %+v, %v; want any audience accepted", c.Auth, err)
	}
	// Built by hand, a config without an audience is not configured.
	if a := (Auth{Algorithm: "HS256", Secret: []byte(key)}); a.Configured() || !strings.Contains(a.Missing(), "JWT_AUDIENCE") {
		t.Errorf("Auth without an audience: Configured() = %v, Missing() = %q; want false, naming JWT_AUDIENCE", a.Configured(), a.Missing())
	}
}
