package main

import "example.com/billing/internal/users"

// repositories are where the API's resources are kept, one field per resource:
// openStore builds each on the service's store and guardStore wraps each in the
// database's protections, so a new resource is one line in each of the three.
type repositories struct {
	users users.Repository
}
