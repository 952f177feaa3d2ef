package config

import "fmt"

// minAPIKeyLen keeps guessable keys out: 16 characters of a random key are far
// beyond brute force at any rate limit.
const minAPIKeyLen = 16

// Auth holds the API keys callers may send in the X-API-Key header.
type Auth struct {
	// APIKeys are the accepted keys (API_KEYS: comma-separated). Several keys allow
	// rotation: add the new key, move callers over, then drop the old one.
	APIKeys []string
}

// Configured reports whether any key is set. Without one the service still starts
// (so that it runs on its defaults), but stays unready and refuses every API
// request; Missing says why.
func (a Auth) Configured() bool { return a.Missing() == "" }

// Missing names the setting the API still needs before it can admit anyone, or is
// empty once it has it. It is shown in /health, so it names no value.
func (a Auth) Missing() string {
	if len(a.APIKeys) == 0 {
		return "no API keys configured: set API_KEYS"
	}
	return ""
}

func defaultAuth() Auth { return Auth{} }

func (a *Auth) load(getenv func(string) string) error {
	keys := list(getenv("API_KEYS"))
	for i, k := range keys {
		if len(k) < minAPIKeyLen {
			// Never echo a secret, not even a wrong one.
			return fmt.Errorf("API_KEYS: key %d is %d characters long; want at least %d (generate one with: openssl rand -hex 32)", i+1, len(k), minAPIKeyLen)
		}
	}
	a.APIKeys = keys
	return nil
}
