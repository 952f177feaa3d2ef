package resource

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	errMissing := NotFound("order not found")
	wrapped := fmt.Errorf("get order 7: %w", errMissing)
	var e *Error
	if !errors.Is(wrapped, ErrNotFound) || errors.Is(wrapped, ErrConflict) || !errors.As(wrapped, &e) || e.Message != "order not found" {
		t.Errorf("wrapped NotFound: Is(ErrNotFound) %v, Is(ErrConflict) %v, message %q", errors.Is(wrapped, ErrNotFound), errors.Is(wrapped, ErrConflict), e.Message)
	}
	if err := Conflict("taken"); !errors.Is(err, ErrConflict) || err.Error() != "taken" {
		t.Errorf("Conflict(taken) = %v, want an ErrConflict saying taken", err)
	}
	if err := (FieldErrors{"a": "is required"}).Err(); !errors.Is(err, ErrInvalid) {
		t.Errorf("FieldErrors.Err() = %v, want an ErrInvalid", err)
	}
	if err := (FieldErrors{}).Err(); err != nil {
		t.Errorf("empty FieldErrors.Err() = %v, want nil", err)
	}
}

// The message lists the fields in name order whatever order they were added in,
// and names fields no resource had in mind.
func TestFieldErrorsMessageIsSorted(t *testing.T) {
	want := "invalid input: email is required; name is too long; quantity must be positive"
	for range 20 { // map iteration order varies from run to run
		f := FieldErrors{}
		f["quantity"] = "must be positive"
		f["name"] = "is too long"
		f["email"] = "is required"
		if got := f.Error(); got != want {
			t.Fatalf("Error() = %q, want %q", got, want)
		}
	}
}

func TestPageSize(t *testing.T) {
	for limit, want := range map[int]int{0: DefaultPageSize, 1: 1, MaxPageSize: MaxPageSize} {
		if got, err := PageSize(limit); got != want || err != nil {
			t.Errorf("PageSize(%d) = %d, %v; want %d", limit, got, err, want)
		}
	}
	for _, limit := range []int{-1, MaxPageSize + 1} {
		var f FieldErrors
		if _, err := PageSize(limit); !errors.As(err, &f) || f["limit"] == "" {
			t.Errorf("PageSize(%d) = %v, want a FieldErrors for limit", limit, err)
		}
	}
}

func TestNewPage(t *testing.T) {
	key := func(s string) string { return s }
	tests := []struct {
		items     []string
		limit     int
		nextAfter string
	}{
		{[]string{"a", "b"}, 2, "b"}, // full: there may be more
		{[]string{"a"}, 2, ""},       // short: the last page
		{nil, 2, ""},
	}
	for _, tt := range tests {
		p := NewPage(tt.items, tt.limit, key)
		if p.NextAfter != tt.nextAfter || !slices.Equal(p.Items, tt.items) {
			t.Errorf("NewPage(%q, %d) = %+v, want NextAfter %q", tt.items, tt.limit, p, tt.nextAfter)
		}
	}
}
