package callinfo

import (
	"context"
	"strings"
	"testing"
)

func TestInfo(t *testing.T) {
	if From(context.Background()) != nil || RequestID(context.Background()) != "" {
		t.Fatal("a context without Info must report none")
	}
	ctx := New(context.Background(), "req-1")
	if got := RequestID(ctx); got != "req-1" {
		t.Errorf("RequestID = %q, want req-1", got)
	}
	if got := WithCaller(ctx, "apikey:1234"); got != ctx {
		t.Error("WithCaller made a new context although ctx has an Info")
	}
	if got := Caller(ctx); got != "apikey:1234" {
		t.Errorf("Caller = %q after WithCaller, want apikey:1234", got)
	}
	if got := Caller(WithCaller(context.Background(), "jwt:ada")); got != "jwt:ada" {
		t.Errorf("Caller = %q on a context without Info, want jwt:ada", got)
	}
	SetAuthFailure(ctx, "bad credentials")
	if got := From(ctx).AuthFailure; got != "bad credentials" {
		t.Errorf("AuthFailure = %q after SetAuthFailure, want bad credentials", got)
	}
	SetAuthFailure(context.Background(), "no credentials") // no Info: nothing to record, no panic
}

func TestValidRequestID(t *testing.T) {
	long := strings.Repeat("a", 64)
	for id, want := range map[string]bool{
		"":                   false,
		"abc-123_X.y":        true,
		long:                 true,
		long + "a":           false,
		"abc\r\nlevel=ERROR": false,
		`abc"def`:            false,
		"abc def":            false,
		"abcé":               false,
	} {
		if got := ValidRequestID(id); got != want {
			t.Errorf("ValidRequestID(%q) = %v, want %v", id, got, want)
		}
	}
}

func TestNewRequestIDsAreUniqueAndValid(t *testing.T) {
	seen := map[string]bool{}
	for range 10000 {
		id := NewRequestID()
		if !ValidRequestID(id) || seen[id] {
			t.Fatalf("new ID %q is invalid or repeated", id)
		}
		seen[id] = true
	}
}
