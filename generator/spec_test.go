package generator

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckName(t *testing.T) {
	for _, tc := range []struct {
		name    string
		wantErr string // substring; "" means accepted
	}{
		{"orders", ""},
		{"order-svc", ""},
		{"Orders_2", ""},
		{"", "missing project name"},
		{"1svc", "want a letter"},
		{"my svc", "want a letter"},
		{"../x", "want a letter"},
		{"café", "want a letter"},
		{"type", "Go keyword"},
		{"go-to", `"goto" is a Go keyword`},
		{"internal", "clashes with"},
		{"main", "clashes with"},
		{strings.Repeat("a", 65), "up to 63"},
	} {
		err := CheckName(tc.name)
		if tc.wantErr == "" && err != nil {
			t.Errorf("CheckName(%q) = %v, want nil", tc.name, err)
		}
		if tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
			t.Errorf("CheckName(%q) = %v, want error containing %q", tc.name, err, tc.wantErr)
		}
	}
}

// modulePaths are the cases of RELIABILITY.md §3.1 and more; goModInit says which
// of them `go mod init` accepts.
var modulePaths = []string{
	"myservice", "go", "toolchain", "std", "Example.com/x", "exa_mple.com/x",
	"github.com/acme/svc", "github.com/acme/svc/v1", "github.com/acme/svc/v2", "x/v0", "x/v2",
	"example.com/.hidden", "example.com/my svc", "example.com/../x", "-bad.com/x",
	"example.com/x/", "example.com/x~1", "example.com/con/x", "example.com/a..b",
	"gopkg.in/yaml.v3", "a/b.v1", "local/thing", "foo.bar", "/abs", "a//b", "a\\b",
	"example.com/ünïcode", "example.com/x@v1", "example.com/x:y", "example.com/x.", "x.git",
	"example.com/aux.txt", "", "a b", "ok-with-dash/and_underscore", "UPPER/Case",
}

func TestCheckModuleAgreesWithGoModInit(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped under -short: runs `go mod init` once per case")
	}
	for _, p := range modulePaths {
		dir := t.TempDir()
		cmd := exec.Command("go", "mod", "init", p)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		goAccepts := err == nil
		if p == "" {
			goAccepts = false // go mod init infers a path; svcgen has none to infer from
		}
		ourErr := CheckModule(p)
		if goAccepts != (ourErr == nil) {
			t.Errorf("module %q: go mod init accepts=%v (%s), CheckModule = %v", p, goAccepts, strings.TrimSpace(string(out)), ourErr)
		}
		if ourErr != nil && !strings.Contains(ourErr.Error(), "--module") {
			t.Errorf("CheckModule(%q) = %v: does not name --module", p, ourErr)
		}
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil != goAccepts && p != "" {
			t.Errorf("module %q: go.mod presence disagrees with exit status", p)
		}
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	s := NewSpec("1bad")
	s.Module = "bad path"
	s.GoVersion = "1.x"
	Lookup("transport").Set(&s, "pigeon")
	Lookup("deploy").Set(&s, "k8s,helm")
	err := s.Validate()
	if err == nil {
		t.Fatal("Validate() = nil, want errors")
	}
	lines := strings.Split(err.Error(), "\n")
	for _, want := range []string{"project name", "--module", "--go-version", "--transport", "--deploy"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() error does not mention %s:\n%v", want, err)
		}
	}
	if len(lines) != 5 {
		t.Errorf("Validate() gave %d lines, want one per problem (5):\n%v", len(lines), err)
	}
}

func TestInvalidNameIsReportedOnce(t *testing.T) {
	s := NewSpec("../evil") // the module defaults to the name
	if err := s.Validate(); err == nil || strings.Contains(err.Error(), "--module") || strings.Count(err.Error(), "\n") != 0 {
		t.Errorf("Validate() = %v, want one line about the project name, none about --module", err)
	}
	s.Module = "../other" // given explicitly: both problems
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "--module") || !strings.Contains(err.Error(), "project name") {
		t.Errorf("Validate() = %v, want the name and the --module problem", err)
	}
}

func TestDefaultSpecIsValid(t *testing.T) {
	s := NewSpec("orders")
	if err := s.Validate(); err != nil {
		t.Fatalf("NewSpec(orders).Validate() = %v", err)
	}
	if !s.HasHTTP() || !s.HasDeploy("docker") || s.HasDeploy("k8s") {
		t.Errorf("defaults: HasHTTP=%v docker=%v k8s=%v, want true true false", s.HasHTTP(), s.HasDeploy("docker"), s.HasDeploy("k8s"))
	}
}

func TestGoVersion(t *testing.T) {
	for v, why := range map[string]string{
		MinGoVersion: "", NewestGoVersion: "",
		"1.25.0": "older than", "1.24.9": "older than",
		"1.99": "not a Go release", "1.99.0": "newer than", "1.26rc1": "not a Go release", "1.26.0-rc1": "not a Go release",
		"1.27beta1": "not a Go release", "1.26": "not a Go release", "1.x": "not a Go release", "": "not a Go release", "01.26.0": "not a Go release",
	} {
		s := NewSpec("orders")
		s.GoVersion = v
		err := s.Validate()
		if why == "" && err != nil || why != "" && (err == nil || !strings.Contains(err.Error(), why) || !strings.Contains(err.Error(), "--go-version")) {
			t.Errorf("--go-version %q: Validate() = %v, want an error with %q (none if empty)", v, err, why)
		}
	}
	s := NewSpec("orders")
	s.Name = "Order_Svc"
	if s.DNSName() != "order-svc" {
		t.Errorf("DNSName() = %q, want order-svc", s.DNSName())
	}
}

func TestWarnings(t *testing.T) {
	if w := NewSpec("orders").Warnings(); len(w) != 0 {
		t.Errorf("Warnings() for the single-element module orders = %q, want none", w)
	}
	s := NewSpec("orders")
	s.Module = "acme/orders"
	if w := s.Warnings(); len(w) != 1 || !strings.Contains(w[0], "go get") {
		t.Errorf("Warnings() for module acme/orders = %q, want one go get warning", w)
	}
	s.Module = "github.com/acme/orders"
	if w := s.Warnings(); len(w) != 0 {
		t.Errorf("Warnings() for a fetchable module = %q, want none", w)
	}
}
