package main

import (
	"net/http"
	"testing"
)

// testCredentials configures a credential and sends it on both transports.
func testCredentials(*testing.T) credentials {
	const key = "test-key-0123456789abcdef"
	return credentials{
		env:  map[string]string{"API_KEYS": key},
		http: func(r *http.Request) { r.Header.Set("X-API-Key", key) },
	}
}
