package protobuild

import (
	"bytes"
	"errors"
	"flag"
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bufbuild/protocompile/reporter"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/golden after the generated code passes go vet and go build")

// TestGenerateDeterministic runs Generate twice on every case and wants byte-identical,
// gofmt'ed output with fixed version headers and no trace of the machine it ran on.
func TestGenerateDeterministic(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range loadCases(t) {
		t.Run(c.name, func(t *testing.T) {
			first, err := Generate(c.protos, Options{Module: testModule})
			if err != nil {
				t.Fatal(err)
			}
			second, err := Generate(c.protos, Options{Module: testModule})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(first, second); diff != "" {
				t.Fatalf("second run differs (-first +second):\n%s", diff)
			}
			for _, name := range sortedKeys(first) {
				src := first[name]
				if formatted, err := format.Source(src); err != nil || !bytes.Equal(formatted, src) {
					t.Errorf("%s is not gofmt'ed (format error: %v)", name, err)
				}
				for _, leak := range []string{wd, os.TempDir(), filepath.ToSlash(wd)} {
					if bytes.Contains(src, []byte(leak)) {
						t.Errorf("%s contains the local path %s", name, leak)
					}
				}
				want := "// \tprotoc        (unknown)\n"
				if strings.HasSuffix(name, "_grpc.pb.go") {
					want = grpcHeaderVersion + "\n// - protoc             (unknown)\n"
				}
				if !bytes.Contains(src, []byte(want)) {
					t.Errorf("%s: header lacks the fixed version lines %q", name, want)
				}
			}
		})
	}
}

// TestGenerateLayout checks the file set: one .pb.go per .proto, a _grpc.pb.go only
// where there is a service, placed by go_package relative to Options.Module.
func TestGenerateLayout(t *testing.T) {
	tests := []struct {
		name, module string
		want         []string
	}{
		{"messages_only", testModule, []string{"messagesonly/gen/model/v1/model.pb.go"}},
		{"multi_package", testModule, []string{
			"multipackage/gen/billing/v1/billing.pb.go",
			"multipackage/gen/billing/v1/billing_grpc.pb.go",
			"multipackage/gen/common/v1/money.pb.go",
		}},
		{"unary", testModule, []string{"unary/gen/greet/v1/greet.pb.go", "unary/gen/greet/v1/greet_grpc.pb.go"}},
		{"unary", testModule + "/unary", []string{"gen/greet/v1/greet.pb.go", "gen/greet/v1/greet_grpc.pb.go"}},
		{"unary", "", []string{
			"example.com/svcgentest/unary/gen/greet/v1/greet.pb.go",
			"example.com/svcgentest/unary/gen/greet/v1/greet_grpc.pb.go",
		}},
	}
	for _, tt := range tests {
		out, err := Generate(loadCase(t, tt.name).protos, Options{Module: tt.module})
		if err != nil {
			t.Errorf("%s with module %q: %v", tt.name, tt.module, err)
			continue
		}
		if diff := cmp.Diff(tt.want, sortedKeys(out)); diff != "" {
			t.Errorf("%s with module %q: files (-want +got):\n%s", tt.name, tt.module, diff)
		}
	}
}

// TestGenerateErrors checks that each kind of bad input gives one clear line that names
// the file, and for compile errors the line and column.
func TestGenerateErrors(t *testing.T) {
	const head = "syntax = \"proto3\";\npackage a.v1;\noption go_package = \"m/gen/a/v1\";\n"
	tests := []struct {
		name   string
		protos map[string][]byte
		want   string
	}{
		{"syntax", map[string][]byte{"a/v1/a.proto": []byte(head + "message A {\n  string x = 1\n  int32 y = 2;\n}\n")},
			"compile protos: a/v1/a.proto:6:3: syntax error: expecting ';'"},
		{"missing import", map[string][]byte{"a/v1/a.proto": []byte(head + "import \"b/v1/b.proto\";\n")},
			`compile protos: a/v1/a.proto:4:8: could not resolve path "b/v1/b.proto": file does not exist`},
		{"unknown type", map[string][]byte{"a/v1/a.proto": []byte(head + "message A { Missing m = 1; }\n")},
			"compile protos: a/v1/a.proto:4:13: field a.v1.A.m: unknown type Missing"},
		{"no go_package", map[string][]byte{"a/v1/a.proto": []byte("syntax = \"proto3\";\nmessage A {}\n")},
			`a/v1/a.proto has no go_package option (add one, e.g. option go_package = "m/gen/a/v1";)`},
		{"go_package outside module", map[string][]byte{"a/v1/a.proto": []byte(strings.Replace(head, "m/gen", "other/gen", 1))},
			`a/v1/a.proto: go_package "other/gen/a/v1" is not inside module m`},
		{"no files", nil, "no .proto files given"},
		{"not proto", map[string][]byte{"a/v1/a.txt": nil}, `proto file name "a/v1/a.txt" does not end in .proto`},
		{"absolute", map[string][]byte{"/a/v1/a.proto": nil},
			`proto file name "/a/v1/a.proto" is not a clean slash path relative to the proto root`},
		{"dot dot", map[string][]byte{"../a.proto": nil},
			`proto file name "../a.proto" is not a clean slash path relative to the proto root`},
	}
	for _, tt := range tests {
		_, err := Generate(tt.protos, Options{Module: "m"})
		if err == nil {
			t.Errorf("%s: no error, want %q", tt.name, tt.want)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("%s: error\n%q\nwant\n%q", tt.name, err, tt.want)
		}
	}
}

// TestSyntaxErrorPosition checks that a syntax error keeps its position for callers that
// want to point at it (an editor, a CLI printing the line).
func TestSyntaxErrorPosition(t *testing.T) {
	src := "syntax = \"proto3\";\n\nmessage A {\n  strin g x = 1;\n}\n"
	_, err := Generate(map[string][]byte{"x/x.proto": []byte(src)}, Options{})
	var pe reporter.ErrorWithPos
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) has no position", err, err)
	}
	pos := pe.GetPosition()
	if pos.Filename != "x/x.proto" || pos.Line != 4 {
		t.Errorf("position = %s, want x/x.proto line 4", pos)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("error spans several lines: %q", err)
	}
}

// TestGolden compares the gRPC code of the representative case with
// testdata/golden/orders_grpc.pb.go.golden. Run `go test ./generator/protobuild -run
// TestGolden -update` to rewrite it; the golden is written only after the generated
// tree passes go vet and go build.
func TestGolden(t *testing.T) {
	c := loadCase(t, "orders")
	out, err := Generate(c.protos, Options{Module: testModule})
	if err != nil {
		t.Fatal(err)
	}
	got := out["orders/gen/orders/v1/orders_grpc.pb.go"]
	if got == nil {
		t.Fatalf("no orders_grpc.pb.go among %v", sortedKeys(out))
	}
	golden := filepath.Join("testdata", "golden", "orders_grpc.pb.go.golden")
	if *update {
		if testing.Short() {
			t.Fatal("-update checks the tree with go vet and go build; run it without -short")
		}
		mod := newTestModule(t)
		mod.add(t, c, out)
		mod.check(t, c, "vet", "build")
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run: go test ./generator/protobuild -run TestGolden -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("orders_grpc.pb.go differs from %s (-want +got):\n%s\nIf the change is intended, run: go test ./generator/protobuild -run TestGolden -update", golden, diff)
	}
}

// BenchmarkGenerate measures Generate on the representative service proto.
func BenchmarkGenerate(b *testing.B) {
	protos := loadCase(b, "orders").protos
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Generate(protos, Options{Module: testModule}); err != nil {
			b.Fatal(err)
		}
	}
}
