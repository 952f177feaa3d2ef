package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestDefaultServiceKeepsUsersAcrossRestart is what a user of the defaults does:
// `svcgen new x --no-input`, build the binary without cgo, run it, create a user,
// stop it with SIGTERM, start it again on the same data file, and get the user back.
func TestDefaultServiceKeepsUsersAcrossRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped under -short: generates, builds and runs the default service twice (about a minute)")
	}
	project := filepath.Join(t.TempDir(), "x")
	var stderr strings.Builder
	if code := run([]string{"new", "x", "--no-input", "--output", project}, strings.NewReader(""), io.Discard, &stderr); code != 0 {
		t.Fatalf("svcgen new x --no-input: exit %d\n%s", code, stderr.String())
	}
	bin := filepath.Join(t.TempDir(), "x")
	build := exec.Command("go", "build", "-o", bin, "./cmd/x")
	build.Dir = project
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOFLAGS=-mod=mod")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, out)
	}

	const key = "e2e-key-0123456789abcdef"
	first := startService(t, bin, project, key)
	code, body := apiCall(t, key, http.MethodPost, first.base+"/api/v1/users", `{"name":"Ada","email":"ada@example.com"}`)
	var created struct{ ID string }
	if err := json.Unmarshal([]byte(body), &created); code != http.StatusCreated || err != nil || created.ID == "" {
		t.Fatalf("POST /api/v1/users = %d %s", code, body)
	}
	first.stop(t)
	if _, err := os.Stat(filepath.Join(project, "data", "x.db")); err != nil {
		t.Errorf("no data file where the defaults put it: %v", err)
	}

	second := startService(t, bin, project, key)
	code, body = apiCall(t, key, http.MethodGet, second.base+"/api/v1/users/"+created.ID, "")
	if code != http.StatusOK || !strings.Contains(body, `"email":"ada@example.com"`) {
		t.Errorf("GET the user after a restart = %d %s, want 200 with the user", code, body)
	}
	second.stop(t)
}

// service is a generated binary running as a child process.
type service struct {
	cmd    *exec.Cmd
	base   string
	exited chan error
}

// startService runs bin in dir on a free loopback port and returns once its
// /readyz says 200.
func startService(t *testing.T, bin, dir, key string) *service {
	t.Helper()
	cmd := exec.Command(bin)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HTTP_ADDR=127.0.0.1:0", "API_KEYS="+key, "SHUTDOWN_TIMEOUT=2s")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &service{cmd: cmd, exited: make(chan error, 1)}
	addr := make(chan string, 1)
	go func() {
		// The log is JSON lines; the "listening" line names the bound address.
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			var line struct{ Msg, Server, Addr string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "listening" && line.Server == "http" {
				addr <- line.Addr
			}
		}
		s.exited <- cmd.Wait()
	}()
	t.Cleanup(func() { cmd.Process.Kill() })
	select {
	case a := <-addr:
		s.base = "http://" + a
	case err := <-s.exited:
		t.Fatalf("service exited before listening: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("service did not listen within 20s")
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(s.base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("service not ready within 20s")
		}
	}
}

// stop sends SIGTERM, as an orchestrator does, and requires a clean exit.
func (s *service) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-s.exited:
		if err != nil {
			t.Errorf("service after SIGTERM: %v, want exit 0", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("service did not exit within 20s of SIGTERM")
	}
}

// apiCall sends an API request with the API key and returns the status and body.
func apiCall(t *testing.T, key, method, url, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-API-Key", key)
	resp, err := http.DefaultClient.Do(req)
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
