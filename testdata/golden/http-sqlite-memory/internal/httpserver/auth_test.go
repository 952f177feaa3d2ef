package httpserver

import (
	"net/http"

	"example.com/shop/catalog/internal/auth"
	"example.com/shop/catalog/internal/config"
)

// authEnabled says whether the API refuses requests without credentials.
const authEnabled = true

const testAPIKey = "test-key-0123456789abcdef"

// configureAuth sets credentials the tests can present.
func configureAuth(c *config.Config) { c.Auth.APIKeys = []string{testAPIKey} }

// authorize adds valid credentials to r.
func authorize(r *http.Request) { r.Header.Set(auth.APIKeyHeader, testAPIKey) }

// authenticate is the API's auth middleware for c, as main wires it.
func authenticate(c config.Config) func(http.Handler) http.Handler {
	return auth.APIKey(c.Auth.APIKeys)
}

// testCaller is who the access log must name for requests with testAPIKey.
func testCaller() string {
	caller, _ := auth.NewAPIKeys([]string{testAPIKey}).Check(testAPIKey)
	return caller
}
