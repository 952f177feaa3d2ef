package protobuild

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// Versions the temporary module requires: the oldest grpc-go the generated code is
// tested with must be at least 1.64 (grpc.SupportPackageIsVersion9).
const (
	testGoVersion       = "1.26.0"
	testGRPCVersion     = "v1.85.0"
	testProtobufVersion = "v1.36.12"
)

const shortSkip = "skipping under -short: runs the go command on generated code, which needs grpc-go from the module cache or the module proxy and takes tens of seconds"

// TestCompile generates every case into one temporary module and runs go vet, go build
// and the case's own test, which starts a real gRPC server on 127.0.0.1 and calls the
// generated client.
func TestCompile(t *testing.T) {
	if testing.Short() {
		t.Skip(shortSkip)
	}
	mod := newTestModule(t)
	for _, c := range loadCases(t) {
		t.Run(c.name, func(t *testing.T) {
			out, err := Generate(c.protos, Options{Module: testModule})
			if err != nil {
				t.Fatal(err)
			}
			mod.add(t, c, out)
			mod.check(t, c, "vet", "build", "test")
		})
	}
}

// tempModule is a temporary Go module requiring the pinned grpc-go and protobuf, with
// the helper package from testdata/module.txtar.
type tempModule struct {
	dir string
}

func newTestModule(t *testing.T) *tempModule {
	t.Helper()
	dir := t.TempDir()
	goMod := "module " + testModule + "\n\ngo " + testGoVersion + "\n\nrequire (\n" +
		"\tgoogle.golang.org/grpc " + testGRPCVersion + "\n" +
		"\tgoogle.golang.org/protobuf " + testProtobufVersion + "\n)\n"
	files := map[string][]byte{"go.mod": []byte(goMod)}
	a, err := txtar.ParseFile("testdata/module.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range a.Files {
		files[f.Name] = f.Data
	}
	writeTree(t, dir, files)
	return &tempModule{dir: dir}
}

// add writes a case's generated files and its own files into the module.
func (m *tempModule) add(t *testing.T, c testCase, generated map[string][]byte) {
	t.Helper()
	for name := range generated {
		if !strings.HasPrefix(name, c.dir+"/") {
			t.Fatalf("generated %s is outside the case directory %s/", name, c.dir)
		}
	}
	writeTree(t, m.dir, generated)
	writeTree(t, m.dir, c.files)
}

// check runs the given go subcommands (vet, build, test) on the case's packages.
func (m *tempModule) check(t *testing.T, c testCase, cmds ...string) {
	t.Helper()
	pattern := "./" + c.dir + "/..."
	for _, cmd := range cmds {
		args := []string{cmd, pattern}
		if cmd == "test" {
			args = []string{"test", "-count=1", "-timeout=2m", pattern}
		}
		out, err := goCommand(t, m.dir, []string{"GOFLAGS=-mod=mod"}, args...)
		if err != nil {
			t.Fatalf("go %s in %s: %v\n%s", strings.Join(args, " "), m.dir, err, out)
		}
		if cmd == "test" {
			t.Logf("go %s:\n%s", strings.Join(args, " "), out)
		}
	}
}

// goCommand runs the go command in dir, first on the module cache alone
// (GOPROXY=off) and, if a module is missing from it, again with the environment's
// module proxy. GOSUMDB is off only for the cache-only run: what is in the module cache
// was verified when it was downloaded.
func goCommand(t testing.TB, dir string, env []string, args ...string) ([]byte, error) {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build generated code: %v", err)
	}
	run := func(extra ...string) ([]byte, error) {
		cmd := exec.Command(goBin, args...)
		cmd.Dir = dir
		cmd.Env = append(append(append(os.Environ(), "GOWORK=off"), env...), extra...)
		return cmd.CombinedOutput()
	}
	out, err := run("GOPROXY=off", "GOSUMDB=off")
	if err != nil && bytes.Contains(out, []byte("GOPROXY=off")) {
		t.Logf("go %s: module cache incomplete, retrying with the module proxy", strings.Join(args, " "))
		out, err = run()
	}
	return out, err
}
