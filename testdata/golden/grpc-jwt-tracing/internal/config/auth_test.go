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
		"JWT_ALGORITHM":     {"JWT_ALGORITHM": "none"},
		"JWT_LEEWAY":        {"JWT_LEEWAY": "5m"},
		"JWT_SECRET":        {"JWT_SECRET": "too-short"},
		"JWT_PUBLIC_KEY":    {"JWT_ALGORITHM": "RS256", "JWT_PUBLIC_KEY": "not a key"},
		"JWT_SECRET is set": {"JWT_ALGORITHM": "ES256", "JWT_PUBLIC_KEY": pubPEM, "JWT_SECRET": strings.Repeat("s", 32)},
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
