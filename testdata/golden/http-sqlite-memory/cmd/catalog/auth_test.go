package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// Started with no credentials, as the README's quick start does, the service runs
// and answers /livez, but must not get traffic it can only refuse: /readyz is 503
// and /health and the log say what is missing.
func TestRunWithoutCredentialsIsNotReady(t *testing.T) {
	const setting = "API_KEYS"
	r := startRun(t, nil)
	if code, _ := get(t, r.base+"/livez"); code != http.StatusOK {
		t.Errorf("GET /livez = %d, want 200", code)
	}
	if code, _ := get(t, r.base+"/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("GET /readyz = %d, want 503", code)
	}
	code, body := get(t, r.base+"/health")
	var rep struct {
		Checks []struct{ Name, Status, Reason string }
	}
	if err := json.Unmarshal([]byte(body), &rep); err != nil {
		t.Fatalf("GET /health = %s: %v", body, err)
	}
	// Other features (a database) add checks of their own; the auth check is found by name.
	authDown := false
	for _, c := range rep.Checks {
		authDown = authDown || (c.Name == "auth" && c.Status == "down" && strings.Contains(c.Reason, setting))
	}
	if code != http.StatusServiceUnavailable || !authDown {
		t.Errorf("GET /health = %d %s, want 503 with check auth down, its reason naming %s", code, body, setting)
	}
	if err := r.stop(); err != nil {
		t.Errorf("run() after cancel = %v, want nil", err)
	}
	if !strings.Contains(r.logs.String(), `"msg":"not ready`) || !strings.Contains(r.logs.String(), setting) {
		t.Errorf("log does not say why the service is not ready:\n%s", r.logs.String())
	}
}
