// Package config reads the service's settings from environment variables.
//
// Everything is parsed and validated once, at start-up, so that a bad value stops
// the process with a message naming the variable instead of failing later.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"
)

// Config is the whole configuration of the service.
type Config struct {
	// HTTPAddr is the address the HTTP server listens on (HTTP_ADDR).
	HTTPAddr string
	// LogLevel is the minimum level logged (LOG_LEVEL: debug, info, warn or error).
	LogLevel slog.Level

	// HTTPReadTimeout bounds reading a whole request, body included (HTTP_READ_TIMEOUT).
	HTTPReadTimeout time.Duration
	// HTTPWriteTimeout bounds handling a request and writing its response
	// (HTTP_WRITE_TIMEOUT); it must exceed the slowest route.
	HTTPWriteTimeout time.Duration
	// HTTPIdleTimeout is how long a keep-alive connection may wait for its next
	// request (HTTP_IDLE_TIMEOUT).
	HTTPIdleTimeout time.Duration

	// ShutdownDrainDelay is how long the service keeps serving after readiness turns
	// 503 on SIGTERM, so that load balancers stop routing to it before its listener
	// closes (SHUTDOWN_DRAIN_DELAY; 0 locally, a few seconds on Kubernetes).
	ShutdownDrainDelay time.Duration
	// ShutdownTimeout is how long in-flight requests get to finish once the listener
	// is closed; the rest are cut off (SHUTDOWN_TIMEOUT).
	ShutdownTimeout time.Duration
	// ShutdownGracePeriod is all the time shutdown may take, from the signal to the
	// exit (SHUTDOWN_GRACE_PERIOD): the orchestrator's grace period, such as
	// Kubernetes' terminationGracePeriodSeconds, after which it kills the process.
	// The drain delay and the shutdown timeout must leave room in it for the flush
	// (see FlushTimeout).
	ShutdownGracePeriod time.Duration

	// API configures the API on every transport it is served on (see api.go).
	API API
	// Each feature's section is in its own file.
	HTTPAPI HTTPAPI // httpapi.go
	GRPC    GRPC    // grpc.go
	Auth    Auth    // auth.go
}

const (
	// exitMargin is left unused at the end of the grace period, for the process to
	// exit before it is killed.
	exitMargin = 1 * time.Second
	// minFlushTimeout is the least time the last step of shutdown may get.
	minFlushTimeout = 1 * time.Second
)

// FlushTimeout bounds the last step of shutdown, once the servers have stopped:
// writing out what is still buffered, such as spans for a trace collector. It is what the drain
// delay and the shutdown timeout leave of the grace period, less exitMargin, so
// that every step ends before the process is killed.
func (c Config) FlushTimeout() time.Duration {
	return c.ShutdownGracePeriod - c.ShutdownDrainDelay - c.ShutdownTimeout - exitMargin
}

// Default returns the configuration used for every variable that is unset.
func Default() Config {
	return Config{
		HTTPAddr:            ":8080",
		LogLevel:            slog.LevelInfo,
		HTTPReadTimeout:     15 * time.Second,
		HTTPWriteTimeout:    30 * time.Second,
		HTTPIdleTimeout:     120 * time.Second,
		ShutdownDrainDelay:  0,
		ShutdownTimeout:     15 * time.Second,
		ShutdownGracePeriod: 30 * time.Second,
		API:                 defaultAPI(),
		GRPC:                defaultGRPC(),
		Auth:                defaultAuth(),
	}
}

// Load builds the configuration from getenv (os.Getenv in production; a map in
// tests). It reports every invalid variable at once, each by name.
func Load(getenv func(string) string) (Config, error) {
	c := Default()
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	add(parseAddr(getenv, "HTTP_ADDR", &c.HTTPAddr))
	add(parseLevel(getenv, "LOG_LEVEL", &c.LogLevel))
	add(parseDuration(getenv, "HTTP_READ_TIMEOUT", &c.HTTPReadTimeout, false))
	add(parseDuration(getenv, "HTTP_WRITE_TIMEOUT", &c.HTTPWriteTimeout, false))
	add(parseDuration(getenv, "HTTP_IDLE_TIMEOUT", &c.HTTPIdleTimeout, false))
	add(parseDuration(getenv, "SHUTDOWN_DRAIN_DELAY", &c.ShutdownDrainDelay, true))
	add(parseDuration(getenv, "SHUTDOWN_TIMEOUT", &c.ShutdownTimeout, false))
	add(parseDuration(getenv, "SHUTDOWN_GRACE_PERIOD", &c.ShutdownGracePeriod, false))
	if c.FlushTimeout() < minFlushTimeout {
		add(fmt.Errorf("SHUTDOWN_GRACE_PERIOD=%s: must exceed SHUTDOWN_DRAIN_DELAY (%s) + SHUTDOWN_TIMEOUT (%s) by at least %s, so that shutdown ends before the process is killed", c.ShutdownGracePeriod, c.ShutdownDrainDelay, c.ShutdownTimeout, exitMargin+minFlushTimeout))
	}
	add(c.API.load(getenv))
	add(c.HTTPAPI.load(getenv, c.API.RequestTimeout, c.HTTPWriteTimeout))
	add(c.GRPC.load(getenv))
	add(c.Auth.load(getenv))
	if err := errors.Join(errs...); err != nil {
		return Config{}, fmt.Errorf("invalid configuration: %w", err)
	}
	return c, nil
}

// parseAddr accepts host:port with a numeric port, as net.Listen does; port 0 picks
// a free port.
func parseAddr(getenv func(string) string, name string, dst *string) error {
	v := getenv(name)
	if v == "" {
		return nil
	}
	_, port, err := net.SplitHostPort(v)
	if err == nil {
		_, err = strconv.ParseUint(port, 10, 16)
	}
	if err != nil {
		return fmt.Errorf("%s=%q: want host:port such as :8080 or 127.0.0.1:8080", name, v)
	}
	*dst = v
	return nil
}

func parseLevel(getenv func(string) string, name string, dst *slog.Level) error {
	v := getenv(name)
	if v == "" {
		return nil
	}
	if err := dst.UnmarshalText([]byte(v)); err != nil {
		return fmt.Errorf("%s=%q: want debug, info, warn or error", name, v)
	}
	return nil
}

// parseDuration accepts Go durations such as 500ms or 15s. Timeouts must be
// positive, because net/http reads zero as "no limit".
func parseDuration(getenv func(string) string, name string, dst *time.Duration, zeroOK bool) error {
	v := getenv(name)
	if v == "" {
		return nil
	}
	d, err := time.ParseDuration(v)
	switch {
	case err != nil:
		return fmt.Errorf("%s=%q: want a duration such as 15s or 500ms", name, v)
	case d < 0 && zeroOK:
		return fmt.Errorf("%s=%q: want 0 or a positive duration such as 5s", name, v)
	case d <= 0 && !zeroOK:
		return fmt.Errorf("%s=%q: want a positive duration such as 15s", name, v)
	}
	*dst = d
	return nil
}

// list splits a comma-separated variable, dropping blanks.
func list(v string) []string {
	var out []string
	for _, item := range strings.Split(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}
