package config

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// HTTPAPI configures what only the HTTP API under /api/v1 needs.
type HTTPAPI struct {
	// CORSAllowedOrigins are the browser origins allowed to call the API
	// (CORS_ALLOWED_ORIGINS: comma-separated, such as https://app.example.com).
	// Empty: cross-origin calls from browsers are refused.
	CORSAllowedOrigins []string
}

// load reads the HTTP API's variables. The request deadline must end before the
// server's write timeout, so that a timed-out request still gets its answer.
func (h *HTTPAPI) load(getenv func(string) string, requestTimeout, writeTimeout time.Duration) error {
	errs := []error{parseOrigins(getenv, "CORS_ALLOWED_ORIGINS", &h.CORSAllowedOrigins)}
	if requestTimeout >= writeTimeout {
		errs = append(errs, fmt.Errorf("REQUEST_TIMEOUT=%s: must be below HTTP_WRITE_TIMEOUT (%s), so that a timed-out request still gets its answer", requestTimeout, writeTimeout))
	}
	return errors.Join(errs...)
}

// parseOrigins accepts browser origins: scheme://host[:port], nothing more.
func parseOrigins(getenv func(string) string, name string, dst *[]string) error {
	var out []string
	v := getenv(name)
	for _, item := range list(v) {
		u, err := url.Parse(item)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" || u.RawQuery != "" || u.User != nil || strings.Contains(item, "*") {
			return fmt.Errorf("%s=%q: %q is not an origin such as https://app.example.com", name, v, item)
		}
		out = append(out, item)
	}
	*dst = out
	return nil
}
