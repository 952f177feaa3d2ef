package main

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHealthcheckFollowsReadyz(t *testing.T) {
	for _, tc := range []struct {
		status int
		ok     bool
	}{
		{http.StatusOK, true},
		{http.StatusServiceUnavailable, false},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/readyz" {
				http.NotFound(w, r)
				return
			}
			w.WriteHeader(tc.status)
		}))
		// A wildcard host, as the image sets HTTP_ADDR: the probe goes to loopback.
		_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
		err := dispatch(t.Context(), []string{"healthcheck"}, env(map[string]string{"HTTP_ADDR": ":" + port}), io.Discard)
		srv.Close()
		if (err == nil) != tc.ok {
			t.Errorf("healthcheck against /readyz answering %d = %v, want ok=%v", tc.status, err, tc.ok)
		}
	}
}

func TestHealthcheckFailsWithNothingListening(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	if err := dispatch(t.Context(), []string{"healthcheck"}, env(map[string]string{"HTTP_ADDR": addr}), io.Discard); err == nil {
		t.Error("healthcheck with nothing listening succeeded")
	}
}

func TestHealthcheckTakesNoArguments(t *testing.T) {
	err := dispatch(t.Context(), []string{"healthcheck", "now"}, env(nil), io.Discard)
	if !errors.As(err, new(usageError)) {
		t.Errorf("healthcheck now = %v, want a usage error", err)
	}
}

func TestReadyzURL(t *testing.T) {
	for addr, want := range map[string]string{
		":8080":          "http://127.0.0.1:8080/readyz",
		"0.0.0.0:8080":   "http://127.0.0.1:8080/readyz",
		"[::]:8080":      "http://[::1]:8080/readyz",
		"10.0.0.7:8080":  "http://10.0.0.7:8080/readyz",
		"localhost:8080": "http://localhost:8080/readyz",
	} {
		if got, err := readyzURL(addr); err != nil || got != want {
			t.Errorf("readyzURL(%q) = %q, %v; want %q", addr, got, err, want)
		}
	}
}
