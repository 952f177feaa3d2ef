package main

import (
	"net/http"
	"testing"
)

// testCredentials is empty: the API is generated without authentication.
func testCredentials(*testing.T) credentials {
	return credentials{
		http: func(*http.Request) {},
	}
}
