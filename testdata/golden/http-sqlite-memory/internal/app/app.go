// Package app holds the API's services. main builds them once and passes the same
// Services to every transport, so that a new resource is wired in one place.
package app

import (
	"errors"
	"fmt"
	"reflect"

	"example.com/shop/catalog/internal/users"
)

// Services are the API's services, one field per resource. Every transport serves
// all of them.
type Services struct {
	Users *users.Service
}

// Validate names every service left unset, so that a resource added here but not
// wired in main stops the process at start-up instead of answering 500 at run
// time. It reads the fields by reflection, so that a new field needs no line here.
func (s Services) Validate() error {
	var errs []error
	v := reflect.ValueOf(s)
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			errs = append(errs, fmt.Errorf("service %s is not wired: set app.Services.%[1]s in main", v.Type().Field(i).Name))
		}
	}
	return errors.Join(errs...)
}

// Memory returns every service on in-memory repositories, for tests: the one place
// that builds them all, so a field added to Services is set for every test by one
// line here. A test that needs a special repository overrides its field:
// s := app.Memory(); s.Users = users.NewService(failingRepo{}).
func Memory() Services {
	return Services{Users: users.NewService(users.NewMemoryRepository())}
}
