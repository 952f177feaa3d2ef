// Package templates holds the templates svcgen renders, one folder per feature. Each
// template's path mirrors its output path plus ".tmpl"; generator/manifest.go decides
// which of them a project gets.
package templates

import "embed"

// FS holds every template. The all: prefix keeps files whose names start with "." or "_".
//
//go:embed all:base all:core all:http all:users all:database all:sqlite all:postgres all:mysql all:cache all:memorycache all:redis all:auth all:apikey all:jwt all:noauth all:metrics all:tracing all:grpc all:docker all:compose all:k8s all:github-actions all:resilience all:breaker all:retry all:idempotency all:shed all:loadbalance
var FS embed.FS
