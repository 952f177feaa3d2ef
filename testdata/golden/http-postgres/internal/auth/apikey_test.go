package auth

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

const (
	key1 = "k1-0123456789abcdef0123456789abcdef"
	key2 = "k2-fedcba9876543210fedcba9876543210"
)

func TestAPIKeysCheck(t *testing.T) {
	keys := NewAPIKeys([]string{key1, key2})
	for _, tc := range []struct {
		key string
		ok  bool
	}{
		{"", false},
		{key1[:10], false},
		{key1 + "x", false},
		{strings.Repeat("k", 8<<10), false},
		{key1, true},
		{key2, true},
	} {
		caller, ok := keys.Check(tc.key)
		if ok != tc.ok {
			t.Errorf("Check(%.12q...) ok = %v, want %v", tc.key, ok, tc.ok)
		}
		if ok && (!strings.HasPrefix(caller, "apikey:") || strings.Contains(caller, tc.key)) {
			t.Errorf("caller = %q, want apikey:<digest prefix> without the key", caller)
		}
	}
	if _, ok := NewAPIKeys(nil).Check("anything-at-all-1234"); ok {
		t.Error("a key was accepted with no keys configured")
	}
}

// Timing tests are unreliable on shared machines, so the constant-time comparison
// is checked in the source: secrets are compared only with
// subtle.ConstantTimeCompare, never with == or bytes.Equal.
func TestKeysComparedInConstantTime(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "apikey.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	constantTime := false
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if id, ok := n.X.(*ast.Ident); ok {
				switch id.Name + "." + n.Sel.Name {
				case "subtle.ConstantTimeCompare":
					constantTime = true
				case "bytes.Equal", "strings.EqualFold", "slices.Equal":
					t.Errorf("apikey.go compares with %s.%s", id.Name, n.Sel.Name)
				}
			}
		case *ast.BinaryExpr:
			_, xLit := n.X.(*ast.BasicLit)
			_, yLit := n.Y.(*ast.BasicLit)
			if (n.Op == token.EQL || n.Op == token.NEQ) && !xLit && !yLit { // key == "" is fine
				for _, side := range []ast.Expr{n.X, n.Y} {
					if id, ok := side.(*ast.Ident); ok && (id.Name == "key" || id.Name == "got") {
						t.Errorf("apikey.go compares %s with %s", id.Name, n.Op)
					}
				}
			}
		}
		return true
	})
	if !constantTime {
		t.Error("apikey.go does not use subtle.ConstantTimeCompare")
	}
}
