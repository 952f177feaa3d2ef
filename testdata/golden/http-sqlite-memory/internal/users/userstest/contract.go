// Package userstest is the contract every users.Repository keeps, as tests that
// any implementation runs against itself: the memory repository does, and so
// does every database's store, on a real server. A new store passes it before
// it is wired in.
package userstest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"example.com/shop/catalog/internal/users"
)

// NewRepository returns an empty repository for one test, isolated from every
// other test's data (its own database, schema or key prefix), and cleaned up
// with t.Cleanup.
type NewRepository func(t *testing.T) users.Repository

// Run runs the contract against the repositories newRepo returns, one per test.
func Run(t *testing.T, newRepo NewRepository) {
	tests := []struct {
		name string
		fn   func(*testing.T, users.Repository)
	}{
		{"RoundTrip", testRoundTrip},
		{"HostileStrings", testHostileStrings},
		{"Pagination", testPagination},
		{"DuplicateEmail", testDuplicateEmail},
		{"ConcurrentCreatesOfOneEmail", testConcurrentCreates},
		{"NotFound", testNotFound},
		{"Delete", testDelete},
		{"CancelledContext", testCancelledContext},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, newRepo(t))
		})
	}
}

// created is the instant every test user is created at, as the service makes
// it: UTC, to the millisecond.
var created = time.Date(2026, 3, 4, 5, 6, 7, 891_000_000, time.UTC)

// user returns a user with a fixed creation time and the given fields.
func user(id, name, email string) users.User {
	return users.User{ID: id, Name: name, Email: email, CreatedAt: created}
}

// mustCreate stores u or fails the test.
func mustCreate(t *testing.T, repo users.Repository, u users.User) {
	t.Helper()
	if err := repo.Create(t.Context(), u); err != nil {
		t.Fatalf("Create(%q) = %v", u.ID, err)
	}
}

// same reports whether a and b are the same user, their times compared as
// instants (a store may read them back in another location).
func same(a, b users.User) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Email == b.Email && a.CreatedAt.Equal(b.CreatedAt)
}

func testRoundTrip(t *testing.T, repo users.Repository) {
	want := user("ID00000000000000000000000001", "Ada Lovelace", "ada@example.com")
	mustCreate(t, repo, want)
	got, err := repo.Get(t.Context(), want.ID)
	if err != nil || !same(got, want) {
		t.Fatalf("Get = %+v, %v; want %+v", got, err, want)
	}
	if got.CreatedAt.Location() != time.UTC {
		t.Errorf("CreatedAt = %v, want it in UTC as created", got.CreatedAt)
	}
}

// hostile are names and emails that break stores which build SQL from strings,
// treat % and _ as LIKE wildcards, or mangle encodings. Names are at most 100
// characters and emails at most 254 bytes (users.NewUser.Validate), so the
// longest of each is what a store must hold: 100 four-byte runes are 400 bytes.
var hostile = []struct{ name, email string }{
	{`O'Brien "the quote" \ backslash`, `o'brien@example.com`},
	{`'; DROP TABLE users;--`, `drop+table@example.com`},
	{`100% _underscore_ %_%`, `a%b_c@example.com`},
	{"Zoë Ωμέγα 李雷 😀 \u200d\u202e", "zoe@example.com"},
	{strings.Repeat("😀", 100), strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 57) + ".com"},
	{strings.Repeat("é", 100), "e@" + strings.Repeat("x", 60) + ".example.com"},
}

func testHostileStrings(t *testing.T, repo users.Repository) {
	var want []users.User
	for i, h := range hostile {
		if err := (users.NewUser{Name: h.name, Email: h.email}).Validate(); err != nil {
			t.Fatalf("hostile value %d is not a valid user, so it tests nothing: %v", i, err)
		}
		u := user(fmt.Sprintf("H%027d", i), h.name, h.email)
		mustCreate(t, repo, u)
		want = append(want, u)
	}
	for _, w := range want {
		got, err := repo.Get(t.Context(), w.ID)
		if err != nil || !same(got, w) {
			t.Errorf("Get(%q) = %+v, %v; want %+v unchanged", w.ID, got, err, w)
		}
	}
	got, err := repo.List(t.Context(), "", 100)
	if err != nil || len(got) != len(want) {
		t.Fatalf("List = %d users, %v; want the %d created", len(got), err, len(want))
	}
	for i := range want {
		if !same(got[i], want[i]) {
			t.Errorf("List[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	// An ID that looks like SQL finds nothing and breaks nothing.
	if _, err := repo.Get(t.Context(), `x' OR '1'='1`); !errors.Is(err, users.ErrNotFound) {
		t.Errorf("Get(injection) = %v, want ErrNotFound", err)
	}
}

func testPagination(t *testing.T, repo users.Repository) {
	// Created out of order, with IDs whose byte order differs from a
	// case-insensitive or numeric order.
	ids := []string{"M5", "A10", "Z1", "A2", "B", "a1", "A1"}
	for i, id := range ids {
		mustCreate(t, repo, user(id, "User "+id, fmt.Sprintf("user%d@example.com", i)))
	}
	want := slices.Sorted(slices.Values(ids)) // A1 A10 A2 B M5 Z1 a1: byte order
	var got []string
	after := ""
	for page := 0; page < 10; page++ {
		items, err := repo.List(t.Context(), after, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) > 3 {
			t.Fatalf("List(after %q, limit 3) returned %d users", after, len(items))
		}
		if len(items) == 0 {
			break
		}
		for _, u := range items {
			got = append(got, u.ID)
		}
		after = items[len(items)-1].ID
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages in order = %v, want %v", got, want)
	}
	// after need not be an existing ID.
	items, err := repo.List(t.Context(), "A3", 2)
	if err != nil || len(items) != 2 || items[0].ID != "B" || items[1].ID != "M5" {
		t.Errorf("List(after A3, limit 2) = %+v, %v; want B and M5", items, err)
	}
	if items, err := repo.List(t.Context(), "a1", 5); err != nil || len(items) != 0 {
		t.Errorf("List after the last ID = %+v, %v; want an empty page", items, err)
	}
}

func testDuplicateEmail(t *testing.T, repo users.Repository) {
	first := user("D1", "First", "same@example.com")
	mustCreate(t, repo, first)
	err := repo.Create(t.Context(), user("D2", "Second", "same@example.com"))
	if !errors.Is(err, users.ErrEmailTaken) {
		t.Fatalf("Create with a taken email = %v, want ErrEmailTaken", err)
	}
	if _, err := repo.Get(t.Context(), "D2"); !errors.Is(err, users.ErrNotFound) {
		t.Errorf("Get(refused user) = %v, want ErrNotFound", err)
	}
	if got, err := repo.Get(t.Context(), "D1"); err != nil || !same(got, first) {
		t.Errorf("Get(first) = %+v, %v; want it unchanged", got, err)
	}
}

func testConcurrentCreates(t *testing.T, repo users.Repository) {
	const n = 50
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = repo.Create(t.Context(), user(fmt.Sprintf("C%02d", i), "Racer", "race@example.com"))
		})
	}
	close(start)
	wg.Wait()
	won := 0
	for i, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, users.ErrEmailTaken):
			t.Errorf("create %d = %v, want nil or ErrEmailTaken", i, err)
		}
	}
	if won != 1 {
		t.Errorf("%d of %d concurrent creates of one email succeeded, want exactly 1", won, n)
	}
	if items, err := repo.List(t.Context(), "", 100); err != nil || len(items) != 1 {
		t.Errorf("List = %d users, %v; want the 1 winner", len(items), err)
	}
}

func testNotFound(t *testing.T, repo users.Repository) {
	mustCreate(t, repo, user("N1", "Known", "known@example.com"))
	if _, err := repo.Get(t.Context(), "N2"); !errors.Is(err, users.ErrNotFound) {
		t.Errorf("Get(unknown) = %v, want ErrNotFound", err)
	}
	if err := repo.Delete(t.Context(), "N2"); !errors.Is(err, users.ErrNotFound) {
		t.Errorf("Delete(unknown) = %v, want ErrNotFound", err)
	}
	// A prefix or a case variant of an ID is another ID.
	for _, id := range []string{"N", "n1", "N1 "} {
		if _, err := repo.Get(t.Context(), id); !errors.Is(err, users.ErrNotFound) {
			t.Errorf("Get(%q) = %v, want ErrNotFound", id, err)
		}
	}
}

func testDelete(t *testing.T, repo users.Repository) {
	mustCreate(t, repo, user("X1", "Gone", "gone@example.com"))
	mustCreate(t, repo, user("X2", "Kept", "kept@example.com"))
	if err := repo.Delete(t.Context(), "X1"); err != nil {
		t.Fatalf("Delete = %v", err)
	}
	if _, err := repo.Get(t.Context(), "X1"); !errors.Is(err, users.ErrNotFound) {
		t.Errorf("Get after Delete = %v, want ErrNotFound", err)
	}
	if err := repo.Delete(t.Context(), "X1"); !errors.Is(err, users.ErrNotFound) {
		t.Errorf("second Delete = %v, want ErrNotFound", err)
	}
	if _, err := repo.Get(t.Context(), "X2"); err != nil {
		t.Errorf("Get(other user) = %v, want it kept", err)
	}
	// The email is free again once its user is gone.
	mustCreate(t, repo, user("X3", "Again", "gone@example.com"))
}

func testCancelledContext(t *testing.T, repo users.Repository) {
	mustCreate(t, repo, user("K1", "Kay", "kay@example.com"))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := repo.Get(ctx, "K1"); err == nil {
		t.Error("Get with a cancelled context succeeded, want an error")
	}
	if err := repo.Create(ctx, user("K2", "Late", "late@example.com")); err == nil {
		t.Error("Create with a cancelled context succeeded, want an error")
	}
}
