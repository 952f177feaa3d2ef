package generator

// Pinned versions of everything a generated project depends on. Generation never asks
// the network for "latest": the same svcgen always writes the same go.mod, and a version
// changes only when someone edits this file (and the goldens show the change).
const (
	// DefaultGoVersion is the go directive of generated go.mod files.
	DefaultGoVersion = "1.26.0"
	// MinGoVersion is the oldest Go the generated code builds with: it uses
	// sync.WaitGroup.Go and testing/synctest, both new in Go 1.25.
	MinGoVersion = "1.25.0"

	chiVersion    = "v5.5.0"
	goleakVersion = "v1.3.0"
)

// requirement is one pinned module of a generated go.mod.
type requirement struct {
	Path    string
	Version string
	// When reports whether the spec needs the module; nil means always.
	When func(Spec) bool
}

// requirements lists the modules generated projects may require.
var requirements = []requirement{
	{Path: "github.com/go-chi/chi/v5", Version: chiVersion, When: Spec.HasHTTP},
	{Path: "go.uber.org/goleak", Version: goleakVersion},
}
