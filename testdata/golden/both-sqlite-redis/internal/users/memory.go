package users

import (
	"context"
	"maps"
	"slices"
	"sort"
	"sync"
)

// MemoryRepository keeps users in memory. It is the store when the service has no
// database, and a fast fake in tests. Data is lost on restart.
type MemoryRepository struct {
	mu    sync.RWMutex
	users map[string]User
}

// NewMemoryRepository returns an empty MemoryRepository.
func NewMemoryRepository() *MemoryRepository {
	return &MemoryRepository{users: make(map[string]User)}
}

var _ Repository = (*MemoryRepository)(nil)

// List implements Repository.
func (m *MemoryRepository) List(ctx context.Context, after string, limit int) ([]User, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	ids := slices.Sorted(maps.Keys(m.users))
	start := sort.SearchStrings(ids, after)
	if start < len(ids) && ids[start] == after {
		start++
	}
	out := []User{}
	for _, id := range ids[start:min(start+limit, len(ids))] {
		out = append(out, m.users[id])
	}
	return out, nil
}

// Get implements Repository.
func (m *MemoryRepository) Get(ctx context.Context, id string) (User, error) {
	if err := ctx.Err(); err != nil {
		return User{}, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	u, ok := m.users[id]
	if !ok {
		return User{}, ErrNotFound
	}
	return u, nil
}

// Create implements Repository.
func (m *MemoryRepository) Create(ctx context.Context, u User) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, other := range m.users {
		if other.Email == u.Email {
			return ErrEmailTaken
		}
	}
	m.users[u.ID] = u
	return nil
}

// Delete implements Repository.
func (m *MemoryRepository) Delete(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.users[id]; !ok {
		return ErrNotFound
	}
	delete(m.users, id)
	return nil
}
