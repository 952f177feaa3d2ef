package main

import (
	"os"
	"strings"
	"testing"
)

// TestREADMEOptionsTable keeps the README's options table equal to the catalog;
// `go test ./cmd/svcgen -run README -update` rewrites it.
func TestREADMEOptionsTable(t *testing.T) {
	const path = "../../README.md"
	const begin, end = "<!-- options:begin -->\n", "<!-- options:end -->"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	i, j := strings.Index(readme, begin), strings.Index(readme, end)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the %q ... %q markers", begin, end)
	}
	got, want := readme[i+len(begin):j], optionsMarkdown()
	if got == want {
		return
	}
	if *update {
		readme = readme[:i+len(begin)] + want + readme[j:]
		if err := os.WriteFile(path, []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md options table is stale; run: go test ./cmd/svcgen -run README -update\nwant:\n%s", want)
}
