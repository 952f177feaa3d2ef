package httpserver

import (
	"net/http"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"example.com/shop/inventory/internal/auth"
	"example.com/shop/inventory/internal/config"
)

// authEnabled says whether the API refuses requests without credentials.
const authEnabled = true

var testSecret = []byte("test-secret-0123456789abcdef0123")

// testToken is valid for a day from the start of the test run.
var testToken = func() string {
	t, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{
		Subject:   "test-user",
		Audience:  jwt.ClaimStrings{"test-api"},
		ExpiresAt: jwt.NewNumericDate(time.Now().Add(24 * time.Hour)),
	}).SignedString(testSecret)
	if err != nil {
		panic(err)
	}
	return t
}()

// configureAuth sets credentials the tests can present.
func configureAuth(c *config.Config) {
	c.Auth = config.Auth{Algorithm: "HS256", Secret: testSecret, Audience: "test-api", Leeway: 30 * time.Second}
}

// authorize adds valid credentials to r.
func authorize(r *http.Request) { r.Header.Set("Authorization", "Bearer "+testToken) }

// authenticate is the API's auth middleware for c, as main wires it.
func authenticate(c config.Config) func(http.Handler) http.Handler { return auth.JWT(c.Auth) }

// testCaller is who the access log must name for requests with testToken: its
// subject.
func testCaller() string { return "test-user" }
