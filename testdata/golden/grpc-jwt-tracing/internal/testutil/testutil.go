// Package testutil holds what the service's tests share. Only tests import it,
// so it is never part of the service binary.
package testutil

import (
	"bytes"
	"sync"
)

// Buffer collects output written from several goroutines, such as the log of a
// server under test; bytes.Buffer and strings.Builder are not safe for that.
type Buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything written so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
