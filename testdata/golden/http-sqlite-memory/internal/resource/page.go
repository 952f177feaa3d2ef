package resource

import "fmt"

// Page sizes of every list.
const (
	DefaultPageSize = 50
	MaxPageSize     = 100
)

// PageSize checks the page size a client asked for: 0 means DefaultPageSize, and
// a size outside 1..MaxPageSize is a FieldErrors for "limit", the name both
// transports give it.
func PageSize(limit int) (int, error) {
	switch {
	case limit == 0:
		return DefaultPageSize, nil
	case limit < 1 || limit > MaxPageSize:
		return 0, FieldErrors{"limit": fmt.Sprintf("must be between 1 and %d", MaxPageSize)}
	}
	return limit, nil
}

// Page is one page of a list in key order. NextAfter, when not "", is the key to
// list after to get the next page; "" means this page is the last.
type Page[T any] struct {
	Items     []T
	NextAfter string
}

// NewPage returns the page that a repository answered to a request for limit
// items, with key naming each item's key: a full page may have a next one, which
// starts after its last key (and may be empty); a shorter page is the last.
func NewPage[T any](items []T, limit int, key func(T) string) Page[T] {
	p := Page[T]{Items: items}
	if len(items) > 0 && len(items) >= limit {
		p.NextAfter = key(items[len(items)-1])
	}
	return p
}
