package config

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
)

// API configures the gRPC API: the deadline of each call and per-client rate
// limiting.
type API struct {
	// RequestTimeout is the deadline of each API call's context (REQUEST_TIMEOUT);
	// handlers see it cancelled and the client gets DEADLINE_EXCEEDED over gRPC.
	RequestTimeout time.Duration
	// RateLimitRPS is the sustained calls per second allowed per client on the
	// API; 0 turns rate limiting off (RATE_LIMIT_RPS).
	RateLimitRPS float64
	// RateLimitBurst is how many calls a client may send at once
	// (RATE_LIMIT_BURST).
	RateLimitBurst int
	// RateLimitClients caps how many clients the rate limiter remembers, which
	// bounds its memory (RATE_LIMIT_MAX_CLIENTS).
	RateLimitClients int
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
