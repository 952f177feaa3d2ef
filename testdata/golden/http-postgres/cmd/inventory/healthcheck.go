package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/acme/inventory/internal/config"
)

func init() { commands["healthcheck"] = healthcheck }

// healthcheckTimeout bounds the probe, below the 3s a compose healthcheck allows.
const healthcheckTimeout = 2 * time.Second

// healthcheck is `inventory healthcheck`: it exits 0 if the service on this
// machine answers GET /readyz with 200, and 1 otherwise. The image has no shell
// or curl (distroless), so Docker's and compose's healthchecks run the binary
// itself. It reads HTTP_ADDR as the service does, and every transport serves the
// probes over HTTP.
func healthcheck(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) != 0 {
		return usageError("usage: inventory healthcheck")
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	url, err := readyzURL(cfg.HTTPAddr)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, healthcheckTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	// The status is the answer; the body (the reason, for a person) is not read.
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: GET %s: %s", url, resp.Status)
	}
	_, err = fmt.Fprintln(stdout, "ready")
	return err
}

// readyzURL is /readyz on the listen address addr, with a wildcard host (":8080",
// "0.0.0.0:8080", "[::]:8080") replaced by the loopback address of its family.
func readyzURL(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("HTTP_ADDR=%q: %w", addr, err)
	}
	switch ip := net.ParseIP(host); {
	case host == "" || ip != nil && ip.To4() != nil && ip.IsUnspecified():
		host = "127.0.0.1"
	case ip != nil && ip.IsUnspecified():
		host = "::1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/readyz", nil
}
