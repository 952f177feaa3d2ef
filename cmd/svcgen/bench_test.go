package main

import (
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkNew runs the whole `svcgen new` for the largest project (both transports,
// every observability and deploy value), writing to disk (with fsync), without the
// go mod tidy step, which is the go command's time.
func BenchmarkNew(b *testing.B) {
	dir := b.TempDir()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		out := filepath.Join(dir, "p"+strconv.Itoa(i))
		code := run([]string{"new", "orders", "--no-input", "--no-tidy", "--transport", "both", "--observability", "all", "--deploy", "all", "--module", "example.com/orders", "--output", out},
			strings.NewReader(""), io.Discard, io.Discard)
		if code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
