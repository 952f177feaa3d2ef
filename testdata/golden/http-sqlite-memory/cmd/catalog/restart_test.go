package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// call sends an API request with the test credentials and returns the status
// and body.
func call(t *testing.T, creds credentials, method, url, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	creds.http(req)
	transport := &http.Transport{}
	defer transport.CloseIdleConnections()
	resp, err := (&http.Client{Transport: transport, Timeout: 5 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(data)
}

// A user created through the API is still there after the service restarts on
// the same database, and the second start finds no migration left to apply.
func TestRunKeepsUsersAcrossRestart(t *testing.T) {
	creds := testCredentials(t)
	vars := testStoreEnv(t)
	for k, v := range creds.env {
		vars[k] = v
	}

	first := startRun(t, vars)
	if code, body := get(t, first.base+"/readyz"); code != http.StatusOK {
		t.Fatalf("GET /readyz = %d %s, want 200 once started", code, body)
	}
	code, body := call(t, creds, http.MethodPost, first.base+"/api/v1/users", `{"name":"Ada","email":"ada@example.com"}`)
	var created struct{ ID string }
	if err := json.Unmarshal([]byte(body), &created); code != http.StatusCreated || err != nil || created.ID == "" {
		t.Fatalf("POST /api/v1/users = %d %s", code, body)
	}
	if err := first.stop(); err != nil {
		t.Fatalf("first run() = %v", err)
	}
	if !strings.Contains(first.logs.String(), `"msg":"migration applied"`) {
		t.Errorf("first start applied no migration:\n%s", first.logs.String())
	}

	second := startRun(t, vars)
	code, body = call(t, creds, http.MethodGet, second.base+"/api/v1/users/"+created.ID, "")
	if code != http.StatusOK || !strings.Contains(body, `"email":"ada@example.com"`) {
		t.Errorf("GET the user after a restart = %d %s, want 200 with the user", code, body)
	}
	if err := second.stop(); err != nil {
		t.Errorf("second run() = %v", err)
	}
	if strings.Contains(second.logs.String(), `"msg":"migration applied"`) {
		t.Errorf("second start applied a migration again:\n%s", second.logs.String())
	}
}
