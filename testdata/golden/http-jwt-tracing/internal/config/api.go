package config

import (
	"errors"
	"fmt"
	"math"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// API configures the HTTP API under /api/v1: the
// deadline of each request, per-client rate limiting and which browsers may call it.
type API struct {
	// RequestTimeout is the deadline of each API request's context (REQUEST_TIMEOUT);
	// handlers see it cancelled and the client gets 503. It must be below
	// HTTPWriteTimeout.
	RequestTimeout time.Duration
	// RateLimitRPS is the sustained requests per second allowed per client on the
	// API; 0 turns rate limiting off (RATE_LIMIT_RPS).
	RateLimitRPS float64
	// RateLimitBurst is how many requests a client may send at once
	// (RATE_LIMIT_BURST).
	RateLimitBurst int
	// RateLimitClients caps how many clients the rate limiter remembers, which
	// bounds its memory (RATE_LIMIT_MAX_CLIENTS).
	RateLimitClients int
	// TrustedProxies are the networks whose word is believed when telling clients
	// apart: their X-Forwarded-For header names the client (TRUSTED_PROXIES:
	// comma-separated CIDRs or addresses).
	// Empty: every client is its connection's address.
	TrustedProxies []netip.Prefix
	// CORSAllowedOrigins are the browser origins allowed to call the API
	// (CORS_ALLOWED_ORIGINS: comma-separated, such as https://app.example.com).
	// Empty: cross-origin calls from browsers are refused.
	CORSAllowedOrigins []string
}

func defaultAPI() API {
	return API{
		RequestTimeout:   10 * time.Second,
		RateLimitRPS:     50,
		RateLimitBurst:   100,
		RateLimitClients: 10000,
	}
}

// load reads the API variables. The request deadline must end before the server's
// write timeout, so that a timed-out request still gets its answer.
func (a *API) load(getenv func(string) string, writeTimeout time.Duration) error {
	errs := []error{
		parseDuration(getenv, "REQUEST_TIMEOUT", &a.RequestTimeout, false),
		parseFloat(getenv, "RATE_LIMIT_RPS", &a.RateLimitRPS),
		parseInt(getenv, "RATE_LIMIT_BURST", &a.RateLimitBurst),
		parseInt(getenv, "RATE_LIMIT_MAX_CLIENTS", &a.RateLimitClients),
		parsePrefixes(getenv, "TRUSTED_PROXIES", &a.TrustedProxies),
		parseOrigins(getenv, "CORS_ALLOWED_ORIGINS", &a.CORSAllowedOrigins),
	}
	if a.RequestTimeout >= writeTimeout {
		errs = append(errs, fmt.Errorf("REQUEST_TIMEOUT=%s: must be below HTTP_WRITE_TIMEOUT (%s), so that a timed-out request still gets its answer", a.RequestTimeout, writeTimeout))
	}
	return errors.Join(errs...)
}

// parseFloat accepts a number >= 0.
func parseFloat(getenv func(string) string, name string, dst *float64) error {
	v := getenv(name)
	if v == "" {
		return nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || math.IsNaN(f) || f > 1e9 {
		return fmt.Errorf("%s=%q: want a number such as 50 or 0.5 (0 turns it off)", name, v)
	}
	*dst = f
	return nil
}

// parseInt accepts a positive integer.
func parseInt(getenv func(string) string, name string, dst *int) error {
	v := getenv(name)
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1e8 {
		return fmt.Errorf("%s=%q: want a positive whole number such as 100", name, v)
	}
	*dst = n
	return nil
}

// parsePrefixes accepts CIDRs (10.0.0.0/8) and single addresses (10.1.2.3).
func parsePrefixes(getenv func(string) string, name string, dst *[]netip.Prefix) error {
	var out []netip.Prefix
	v := getenv(name)
	for _, item := range list(v) {
		p, err := netip.ParsePrefix(item)
		if err != nil {
			a, aerr := netip.ParseAddr(item)
			if aerr != nil {
				return fmt.Errorf("%s=%q: %q is not a CIDR such as 10.0.0.0/8 or an address", name, v, item)
			}
			p = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		out = append(out, p.Masked())
	}
	*dst = out
	return nil
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
