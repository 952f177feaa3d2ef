package generator

import (
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"

	"github.com/svcgen/svcgen/templates"
)

// TestClientPackageStandsAlone checks what lets other modules import client/:
// no file of it imports the service's internal/ packages, and the gRPC client
// wraps the public generated package under gen/. Each transport gets only its
// own client.
func TestClientPackageStandsAlone(t *testing.T) {
	for _, tr := range []Transport{TransportHTTP, TransportGRPC, TransportBoth} {
		s := NewSpec("shop")
		s.Module, s.Transport, s.Database, s.Resilience = "example.com/shop", tr, DatabaseNone, []string{ResLoadBalance}
		files, err := Generate(s, templates.FS, "test")
		if err != nil {
			t.Fatal(err)
		}
		has := map[string]bool{}
		for _, f := range files {
			if !strings.HasPrefix(f.Path, "client/") {
				continue
			}
			has[f.Path] = true
			parsed, err := parser.ParseFile(token.NewFileSet(), f.Path, f.Data, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range parsed.Imports {
				path := strings.Trim(imp.Path.Value, `"`)
				if strings.HasPrefix(path, s.Module+"/internal/") {
					t.Errorf("%s: %s imports %s", tr, f.Path, path)
				}
				if f.Path == "client/grpc.go" && strings.HasPrefix(path, s.Module+"/") && path != s.Module+"/gen/shop/v1" {
					t.Errorf("%s: client/grpc.go imports %s, want only the public %s/gen/shop/v1", tr, path, s.Module)
				}
			}
		}
		if has["client/http.go"] != s.HasHTTP() || has["client/grpc.go"] != s.HasGRPC() {
			t.Errorf("%s: client/http.go %v, client/grpc.go %v; want one client per transport", tr, has["client/http.go"], has["client/grpc.go"])
		}
	}
}

// TestNoClientWithoutLoadBalance checks that --resilience none generates no
// client/ and, with no database either, does not require the retry library.
func TestNoClientWithoutLoadBalance(t *testing.T) {
	s := NewSpec("shop")
	s.Transport, s.Database, s.Resilience = TransportBoth, DatabaseNone, nil
	files, err := Generate(s, templates.FS, "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasPrefix(f.Path, "client/") {
			t.Errorf("--resilience none generated %s", f.Path)
		}
		if f.Path == "go.mod" {
			mod, err := modfile.Parse("go.mod", f.Data, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range mod.Require {
				if r.Mod.Path == "github.com/cenkalti/backoff/v5" && !r.Indirect {
					t.Error("go.mod requires cenkalti/backoff directly without a database or the client")
				}
			}
		}
	}
}
