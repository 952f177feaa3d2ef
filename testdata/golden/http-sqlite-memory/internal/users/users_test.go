package users

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"example.com/shop/catalog/internal/resource"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func newService() *Service {
	s := NewService(NewMemoryRepository())
	s.now = func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
	return s
}

func TestCreateGetDelete(t *testing.T) {
	ctx := t.Context()
	s := newService()
	u, err := s.Create(ctx, NewUser{Name: "  Ada Lovelace ", Email: "Ada@Example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if u.ID == "" || u.Name != "Ada Lovelace" || u.Email != "ada@example.com" || !u.CreatedAt.Equal(s.now()) {
		t.Errorf("Create() = %+v", u)
	}
	got, err := s.Get(ctx, u.ID)
	if err != nil || got != u {
		t.Errorf("Get() = %+v, %v; want %+v", got, err, u)
	}
	if _, err := s.Create(ctx, NewUser{Name: "Other", Email: "ada@example.com"}); !errors.Is(err, ErrEmailTaken) {
		t.Errorf("Create() with a taken email = %v, want ErrEmailTaken", err)
	}
	if err := s.Delete(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, u.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get() after Delete = %v, want ErrNotFound", err)
	}
	if err := s.Delete(ctx, u.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Delete() = %v, want ErrNotFound", err)
	}
}

func TestValidation(t *testing.T) {
	tests := []struct {
		in     NewUser
		fields []string
	}{
		{NewUser{}, []string{"name", "email"}},
		{NewUser{Name: "Ada", Email: "not-an-email"}, []string{"email"}},
		{NewUser{Name: "Ada", Email: "Ada <ada@example.com>"}, []string{"email"}},
		{NewUser{Name: strings.Repeat("a", 101), Email: "a@example.com"}, []string{"name"}},
		{NewUser{Name: "bad\nname", Email: "a@example.com"}, []string{"name"}},
	}
	for _, tt := range tests {
		_, err := newService().Create(t.Context(), tt.in)
		var fields resource.FieldErrors
		if !errors.As(err, &fields) {
			t.Errorf("Create(%+v) = %v, want resource.FieldErrors", tt.in, err)
			continue
		}
		if len(fields) != len(tt.fields) {
			t.Errorf("Create(%+v) fields = %v, want %v", tt.in, fields, tt.fields)
		}
		for _, f := range tt.fields {
			if _, ok := fields[f]; !ok {
				t.Errorf("Create(%+v) fields = %v, want %s", tt.in, fields, f)
			}
		}
	}
}

func TestListPages(t *testing.T) {
	ctx := t.Context()
	s := newService()
	for _, name := range []string{"a", "b", "c", "d", "e"} {
		if _, err := s.Create(ctx, NewUser{Name: name, Email: name + "@example.com"}); err != nil {
			t.Fatal(err)
		}
	}
	var all []User
	pages := 0
	for after := ""; pages == 0 || after != ""; pages++ {
		page, err := s.List(ctx, after, 2)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page.Items...)
		after = page.NextAfter
	}
	if len(all) != 5 || pages != 3 {
		t.Fatalf("paged through %d users in %d pages, want 5 in 3", len(all), pages)
	}
	for i := 1; i < len(all); i++ {
		if all[i-1].ID >= all[i].ID {
			t.Errorf("list not in ID order: %s before %s", all[i-1].ID, all[i].ID)
		}
	}
	for _, limit := range []int{-1, resource.MaxPageSize + 1} {
		if _, err := s.List(ctx, "", limit); !errors.Is(err, resource.ErrInvalid) {
			t.Errorf("List(limit=%d) = %v, want resource.ErrInvalid", limit, err)
		}
	}
}

func TestRepositoryHonoursCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := newService().Get(ctx, "X"); !errors.Is(err, context.Canceled) {
		t.Errorf("Get() with a cancelled context = %v, want context.Canceled", err)
	}
}

func TestMalformedIDIsNotFound(t *testing.T) {
	if _, err := newService().Get(t.Context(), strings.Repeat("x", 65)); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(65 chars) = %v, want ErrNotFound", err)
	}
}

// deleteHook is a Cache that keeps nothing and calls onDelete at each Delete.
type deleteHook struct {
	resource.NoCache[User]
	onDelete func(key string)
}

func (h deleteHook) Delete(_ context.Context, key string) error {
	h.onDelete(key)
	return nil
}

// Create and Delete invalidate the user's cache entry, under the key of this
// version of User, once the repository has committed them.
func TestWritesInvalidateTheCacheAfterCommit(t *testing.T) {
	ctx := t.Context()
	repo := NewMemoryRepository()
	var deleted []string
	var stored []bool // whether the repository held the user at each invalidation
	s := NewService(repo, WithCache(deleteHook{onDelete: func(key string) {
		_, err := repo.Get(ctx, strings.TrimPrefix(key, "users:v1:"))
		deleted, stored = append(deleted, key), append(stored, err == nil)
	}}))
	u, err := s.Create(ctx, NewUser{Name: "Ada", Email: "ada@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	key := "users:v1:" + u.ID
	if len(deleted) != 2 || deleted[0] != key || deleted[1] != key || !stored[0] || stored[1] {
		t.Errorf("invalidated %q, the repository holding the user at each: %v; want [%s %s], [true false]", deleted, stored, key, key)
	}
}
