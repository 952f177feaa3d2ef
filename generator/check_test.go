package generator

import (
	"bytes"
	"context"
	"debug/buildinfo"
	"debug/elf"
	"errors"
	"fmt"
	"go/version"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/mod/modfile"
)

// checkProject proves a generated project in dir is healthy the way its users will
// meet it: go mod tidy changes nothing but go.sum, gofmt has nothing to say, and
// go vet and go build pass. With runTests it also runs golangci-lint with the
// project's .golangci.yml and the project's own tests with the race detector, as
// its CI workflow does, so that a team's first CI run is green. (-race costs
// about 10% more time there: the tests mostly wait on servers and timers.)
func checkProject(t *testing.T, dir string, runTests bool) {
	t.Helper()
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if err := Tidy(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	if tidied, _ := os.ReadFile(filepath.Join(dir, "go.mod")); !bytes.Equal(gomod, tidied) {
		t.Errorf("go mod tidy changed the generated go.mod; pin the missing requirements in generator/versions.go:\n--- generated\n%s\n--- tidied\n%s", gomod, tidied)
	}
	checkDockerGo(t, dir)
	checkStatic(t, dir)
	if out := goCmd(t, dir, "gofmt", "-l", "."); out != "" {
		t.Errorf("gofmt -l lists files:\n%s", out)
	}
	goCmd(t, dir, "go", "vet", "./...")
	goCmd(t, dir, "go", "build", "./...")
	if runTests {
		lint, err := golangciLint()
		if err != nil {
			t.Fatal(err)
		}
		// Other golangci-lint runs on the machine share the cache; they are not
		// a reason to fail.
		goCmd(t, dir, lint, "run", "--allow-parallel-runners", "./...")
		goCmd(t, dir, "go", "test", "-race", "-count=1", "./...")
	}
}

// golangciLint builds the pinned golangci-lint once per test run, the version the
// generated Makefile and CI workflow run, into a directory of its own (the build
// cache makes later runs quick), and returns its path. The matrix runs the
// binary rather than `go run pkg@version` in each project, which would link it
// again for every variant.
var golangciLint = sync.OnceValues(func() (string, error) {
	dir := filepath.Join(os.TempDir(), "svcgen-golangci-lint-"+golangciLintVersion)
	cmd := exec.Command("go", "install", "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@"+golangciLintVersion)
	// GOFLAGS=-mod=mod, which the projects get, is refused by go install pkg@version.
	cmd.Env = append(os.Environ(), "GOBIN="+dir, "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go install golangci-lint %s: %w\n%s", golangciLintVersion, err, out)
	}
	return filepath.Join(dir, "golangci-lint"), nil
})

// goCmd runs a go tool in dir and fails the test, with its output, when it fails.
func goCmd(t *testing.T, dir string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOFLAGS=-mod=mod"), integrationEnv()...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s in %s: %v\n%s", name, strings.Join(args, " "), dir, err, out)
	}
	return strings.TrimSpace(string(out))
}

// checkDockerGo proves the Dockerfile's Go (golang:1.26.8-bookworm) can build
// go.mod's go directive (after tidy): the same release line, and no older.
func checkDockerGo(t *testing.T, dir string) {
	t.Helper()
	docker, err := os.ReadFile(filepath.Join(dir, "Dockerfile"))
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := modfile.ParseLax("go.mod", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^FROM golang:(\d+\.\d+\.\d+)-`).FindSubmatch(docker)
	if m == nil {
		t.Fatalf("Dockerfile has no FROM golang:X.Y.Z-...:\n%s", docker)
	}
	image, mod := "go"+string(m[1]), "go"+f.Go.Version
	if version.Lang(image) != version.Lang(mod) || version.Compare(image, mod) < 0 {
		t.Errorf("Dockerfile builds with golang:%s, which cannot build go.mod's go %s", m[1], f.Go.Version)
	}
}

// checkStatic proves that a project with SQLite and a Dockerfile builds a binary
// that runs on distroless/static, which has no libc: built as the Dockerfile
// builds it (CGO_ENABLED=0), SQLite's driver is pure Go, and the binary is an ELF
// file with no interpreter and no shared libraries that records CGO_ENABLED=0.
// Other projects import no cgo package, and skip this extra build.
func checkStatic(t *testing.T, dir string) {
	t.Helper()
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "Dockerfile")); errors.Is(err, fs.ErrNotExist) || !bytes.Contains(gomod, []byte("modernc.org/sqlite ")) {
		return
	}
	mains, err := filepath.Glob(filepath.Join(dir, "cmd", "*", "main.go"))
	if err != nil || len(mains) != 1 {
		t.Fatalf("want one cmd/NAME/main.go in %s, found %v (%v)", dir, mains, err)
	}
	bin := filepath.Join(t.TempDir(), "service")
	cmd := exec.Command("go", "build", "-trimpath", "-o", bin, "./"+filepath.ToSlash(filepath.Dir(mains[0])[len(dir)+1:]))
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build in %s: %v\n%s", dir, err, out)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("%s: the binary asks for a dynamic loader, which distroless/static lacks", dir)
		}
	}
	if libs, err := f.ImportedLibraries(); err != nil || len(libs) > 0 {
		t.Errorf("%s: the binary needs shared libraries %v (%v)", dir, libs, err)
	}
	info, err := buildinfo.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(info.Settings, debug.BuildSetting{Key: "CGO_ENABLED", Value: "0"}) {
		t.Errorf("%s: the binary's build settings %v lack CGO_ENABLED=0", dir, info.Settings)
	}
}
