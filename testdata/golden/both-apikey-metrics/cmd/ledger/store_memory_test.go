package main

import "testing"

// testStoreEnv is what the service's store needs in a test: nothing, as users
// are kept in memory.
func testStoreEnv(*testing.T) map[string]string { return map[string]string{} }
