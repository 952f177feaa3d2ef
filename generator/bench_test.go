package generator

import (
	"testing"

	"github.com/svcgen/svcgen/templates"
)

// largestSpec serves both transports (so the .proto is compiled too) and turns on
// every value of every multi option.
func largestSpec() Spec {
	s := NewSpec("orders")
	s.Transport = TransportBoth
	for _, o := range Catalog {
		if o.Multi {
			o.Set(&s, "all")
		}
	}
	return s
}

// BenchmarkGenerate renders the largest variant in memory, templates parsed each time
// as `svcgen new` does.
func BenchmarkGenerate(b *testing.B) {
	s := largestSpec()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Generate(s, templates.FS, "bench"); err != nil {
			b.Fatal(err)
		}
	}
}
