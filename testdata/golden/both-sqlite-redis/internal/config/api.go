package config

import (
	"errors"
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"time"
)

// API configures the API on every transport it is served on: the deadline of each
// call and per-client rate limiting. What only one transport needs is in that
// transport's section.
type API struct {
	// RequestTimeout is the deadline of each API call's context (REQUEST_TIMEOUT;
	// over gRPC, of each unary call). Handlers see it cancelled and the client gets
	// the transport's timeout answer: 503 over HTTP, DEADLINE_EXCEEDED over gRPC.
	RequestTimeout time.Duration
	// RateLimitRPS is the sustained calls per second allowed per client on the API;
	// 0 turns rate limiting off (RATE_LIMIT_RPS). Each transport counts separately.
	RateLimitRPS float64
	// RateLimitBurst is how many calls a client may send at once (RATE_LIMIT_BURST).
	RateLimitBurst int
	// RateLimitClients caps how many clients the rate limiter remembers, which
	// bounds its memory (RATE_LIMIT_MAX_CLIENTS).
	RateLimitClients int
	// TrustedProxies are the networks whose word is believed when telling clients
	// apart: their X-Forwarded-For header (x-forwarded-for metadata over gRPC)
	// names the client (TRUSTED_PROXIES: comma-separated CIDRs or addresses).
	// Empty: every client is its connection's address.
	TrustedProxies []netip.Prefix
}

func defaultAPI() API {
	return API{
		RequestTimeout:   10 * time.Second,
		RateLimitRPS:     50,
		RateLimitBurst:   100,
		RateLimitClients: 10000,
	}
}

// load reads the API variables.
func (a *API) load(getenv func(string) string) error {
	return errors.Join(
		parseDuration(getenv, "REQUEST_TIMEOUT", &a.RequestTimeout, false),
		parseFloat(getenv, "RATE_LIMIT_RPS", &a.RateLimitRPS),
		parseInt(getenv, "RATE_LIMIT_BURST", &a.RateLimitBurst),
		parseInt(getenv, "RATE_LIMIT_MAX_CLIENTS", &a.RateLimitClients),
		parsePrefixes(getenv, "TRUSTED_PROXIES", &a.TrustedProxies),
	)
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
