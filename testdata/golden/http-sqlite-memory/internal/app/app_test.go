package app

import (
	"strings"
	"testing"
)

func TestValidateNamesTheServiceLeftUnwired(t *testing.T) {
	err := Services{}.Validate()
	if err == nil || !strings.Contains(err.Error(), "service Users is not wired") {
		t.Errorf("Validate() without Users = %v, want an error naming Users", err)
	}
}

// Every test builds its services with Memory, so a field it leaves unset would
// fail them all at start-up: this names the field instead.
func TestMemoryWiresEveryService(t *testing.T) {
	if err := Memory().Validate(); err != nil {
		t.Errorf("Memory().Validate() = %v, want nil: set the new field in Memory", err)
	}
}
