// Command svcgen generates production-grade Go network services.
//
// Usage:
//
//	svcgen new [NAME] [flags]   generate a project into ./NAME (or --output DIR)
//	svcgen proto [--dir DIR]    regenerate a project's gen/ from its api/proto files
//	svcgen update [flags]       bring a project to this svcgen and changed options (--set),
//	                            three-way merging the team's edits; see svcgen update --help
//	svcgen options [--json]     list every option, its values and default
//	svcgen version              print svcgen's version, commit and Go version
//	svcgen completion SHELL     print a shell completion script
//
// The generated project builds, passes its own tests and runs at once on its
// embedded defaults. In a terminal, svcgen new asks for what the flags left open
// (--accessible asks line by line); it never prompts when --no-input is given or
// stdin or stdout is not a terminal. It writes nothing when any input is invalid,
// and writes a new project all-or-nothing. Exit codes: 0 success, 1 error, 2 bad
// usage, and for svcgen update 3: conflicts written.
//
// # Where svcgen new writes
//
// --output (default ./NAME) is cleaned and resolved as cd resolves it. A symlink is
// followed: svcgen writes into the directory it names, under that directory's rules,
// and never replaces the symlink; a dangling symlink or one to a file is refused. A
// missing target is staged beside it and renamed into place. An existing empty one
// is kept (a mount point keeps working, owner and mode stay) and filled from a stage
// inside it, .svcgen.json last; if that is killed, the same command with --force
// finishes it. A non-empty target is refused unless --force.
//
// With --force, each file is compared with the hash recorded in the target's
// .svcgen.json: unedited files are updated; an edited file is kept and svcgen's new
// version written beside it as FILE.svcgen-new; unedited files the new options no
// longer generate are removed, edited ones kept and listed (the build may need them
// removed). Without a readable .svcgen.json every differing file counts as edited
// and nothing is removed. Nothing in the target changes until every new file is
// written and flushed; a failed move into place is undone; a run killed while
// moving leaves each file old or new, and running the same command again finishes.
//
// # Examples
//
// A service with the defaults, without questions:
//
//	svcgen new orders --no-input
//
// HTTP and gRPC from one binary, with JWT auth and tracing:
//
//	svcgen new ledger --no-input --transport both --auth jwt --observability all
//
// With a module path, into another directory, showing what would be written:
//
//	svcgen new orders --module github.com/acme/orders --output ./svc/orders --dry-run
//
// Again from the answers a generated project records at its root:
//
//	svcgen new billing --answers orders/.svcgen.json --module github.com/acme/billing
package main

import (
	"os"
	"runtime/debug"
)

// gcPercent is the garbage collector's target when GOGC is not set. svcgen is a
// short-lived process whose heap is mostly garbage from rendering and gofmt:
// collecting at 4 times the live heap rather than 2 does fewer collections for
// some more memory. Measured on `svcgen new` of the largest project
// (README.md, "Performance").
const gcPercent = 400

func main() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
