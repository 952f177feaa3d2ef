package protobuild

import (
	"bytes"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/pluginpb"
)

// officialPlugin is an official protoc plugin the output is compared with.
type officialPlugin struct {
	module, version, pkg string
}

var (
	officialGRPCPlugin = officialPlugin{"google.golang.org/grpc/cmd/protoc-gen-go-grpc", "v1.5.1", "google.golang.org/grpc/cmd/protoc-gen-go-grpc"}
	officialGoPlugin   = officialPlugin{"google.golang.org/protobuf", testProtobufVersion, "google.golang.org/protobuf/cmd/protoc-gen-go"}
)

// TestOfficialPlugins feeds the CodeGeneratorRequest that Generate builds to the
// official protoc-gen-go and protoc-gen-go-grpc, as protoc or buf would, and wants the
// same files with the same contents, apart from the version lines of the headers.
func TestOfficialPlugins(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping under -short: builds the official protoc-gen-go and protoc-gen-go-grpc with the go command, which needs the module cache or the module proxy")
	}
	bin := t.TempDir()
	goPlugin := installPlugin(t, bin, officialGoPlugin)
	grpcPlugin := installPlugin(t, bin, officialGRPCPlugin)

	type variant struct {
		c      testCase
		module string
	}
	var variants []variant
	for _, c := range loadCases(t) {
		variants = append(variants, variant{c, testModule})
	}
	variants = append(variants, variant{loadCase(t, "orders"), ""}) // paths=import, full import paths
	for _, v := range variants {
		t.Run(v.c.name+"/module="+v.module, func(t *testing.T) {
			opts := Options{Module: v.module}
			ours, err := Generate(v.c.protos, opts)
			if err != nil {
				t.Fatal(err)
			}
			req, err := buildRequest(v.c.protos, opts)
			if err != nil {
				t.Fatal(err)
			}
			official := runPlugin(t, goPlugin, req)
			for name, data := range runPlugin(t, grpcPlugin, req) {
				official[name] = data
			}
			if diff := cmp.Diff(sortedKeys(official), sortedKeys(ours)); diff != "" {
				t.Fatalf("file set differs from the official plugins' (-official +ours):\n%s", diff)
			}
			for _, name := range sortedKeys(ours) {
				want, got := withoutVersionLines(official[name]), withoutVersionLines(ours[name])
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s differs from the official plugin's output (-official +ours):\n%s", name, diff)
				}
			}
		})
	}
}

// installPlugin builds an official plugin into bin, or skips the test saying why it
// could not. It builds in a temporary module that requires only the plugin's module, so
// that the plugin gets exactly the dependencies its own go.mod asks for, as with
// `go install pkg@version` (which cannot run on the module cache alone: it asks the
// proxy whether the module is deprecated).
func installPlugin(t *testing.T, bin string, p officialPlugin) string {
	t.Helper()
	dir := t.TempDir()
	goMod := "module pluginbuild\n\ngo " + testGoVersion + "\n\nrequire " + p.module + " " + p.version + "\n"
	writeTree(t, dir, map[string][]byte{"go.mod": []byte(goMod)})
	exe := filepath.Join(bin, path.Base(p.pkg))
	out, err := goCommand(t, dir, []string{"GOFLAGS=-mod=mod"}, "build", "-o", exe, p.pkg)
	if err != nil {
		t.Skipf("cannot compare with the official plugin: building %s@%s failed (module cache, then module proxy): %v\n%s",
			p.pkg, p.version, err, out)
	}
	return exe
}

// runPlugin runs a protoc plugin on req and returns its files.
func runPlugin(t *testing.T, plugin string, req *pluginpb.CodeGeneratorRequest) map[string][]byte {
	t.Helper()
	in, err := proto.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(plugin)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", plugin, err, stderr.Bytes())
	}
	var resp pluginpb.CodeGeneratorResponse
	if err := proto.Unmarshal(out, &resp); err != nil {
		t.Fatalf("%s: bad response: %v", plugin, err)
	}
	if resp.Error != nil {
		t.Fatalf("%s: %s", plugin, resp.GetError())
	}
	files := make(map[string][]byte, len(resp.File))
	for _, f := range resp.File {
		files[f.GetName()] = []byte(f.GetContent())
	}
	return files
}

// withoutVersionLines drops the lines naming generator and protoc versions from the
// header (the comments before the package clause) of a generated file.
func withoutVersionLines(src []byte) string {
	var b strings.Builder
	header := true
	for _, line := range strings.SplitAfter(string(src), "\n") {
		if strings.HasPrefix(line, "package ") {
			header = false
		}
		if header && isVersionLine(line) {
			continue
		}
		b.WriteString(line)
	}
	return b.String()
}

func isVersionLine(line string) bool {
	for _, prefix := range []string{"// - protoc-gen-go-grpc ", "// - protoc ", "// \tprotoc-gen-go ", "// \tprotoc "} {
		if strings.HasPrefix(line, prefix) {
			return true
		}
	}
	return false
}
