package app

import (
	"strings"
	"testing"

	"github.com/acme/billing/internal/users"
)

func TestValidateNamesTheServiceLeftUnwired(t *testing.T) {
	err := Services{}.Validate()
	if err == nil || !strings.Contains(err.Error(), "service Users is not wired") {
		t.Errorf("Validate() without Users = %v, want an error naming Users", err)
	}
}

func TestValidateAcceptsEveryServiceWired(t *testing.T) {
	s := Services{Users: users.NewService(users.NewMemoryRepository())}
	if err := s.Validate(); err != nil {
		t.Errorf("Validate() = %v, want nil", err)
	}
}
