package logwriter

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// lockedBuffer is the destination; the flusher and the test read it concurrently.
type lockedBuffer struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	writes int
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.writes++
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestLinesAreBatchedAndFlushedOnTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dst := &lockedBuffer{}
		w := New(dst, 100*time.Millisecond)
		defer w.Close()
		for i := range 100 {
			fmt.Fprintf(w, "line %d\n", i)
		}
		if got := dst.String(); got != "" {
			t.Fatalf("written before the interval: %q", got)
		}
		time.Sleep(150 * time.Millisecond)
		synctest.Wait()
		if got := bytes.Count([]byte(dst.String()), []byte("\n")); got != 100 {
			t.Errorf("after one interval %d lines are out, want 100", got)
		}
		if dst.writes != 1 {
			t.Errorf("%d writes for 100 lines, want 1", dst.writes)
		}
	})
}

func TestCloseFlushesTheRest(t *testing.T) {
	dst := &lockedBuffer{}
	w := New(dst, time.Hour)
	fmt.Fprintln(w, "last words")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if dst.String() != "last words\n" {
		t.Errorf("after Close: %q", dst.String())
	}
}

func TestFullBufferIsWrittenWithoutWaiting(t *testing.T) {
	dst := &lockedBuffer{}
	w := New(dst, time.Hour)
	defer w.Close()
	line := bytes.Repeat([]byte("x"), 1024)
	for range 2 * bufferSize / len(line) {
		w.Write(line)
	}
	if len(dst.String()) < bufferSize {
		t.Errorf("%d bytes written after twice the buffer size, want at least %d", len(dst.String()), bufferSize)
	}
}
