package main

import "testing"

// testCacheEnv is what the service's cache needs in a test: nothing, as it has
// none (--cache none).
func testCacheEnv(*testing.T) map[string]string { return map[string]string{} }
