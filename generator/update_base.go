package generator

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/mod/semver"
)

// ReleasePackage is svcgen's command, as `go run` fetches a release of it.
const ReleasePackage = "github.com/svcgen/svcgen/cmd/svcgen"

// releaseTimeout bounds fetching and building a release: a cold module cache
// downloads svcgen's dependencies and compiles them.
const releaseTimeout = 10 * time.Minute

// FetchRelease returns the project that svcgen release version generates from the
// answers file answers (its bytes, as read from a project): it runs
// `go run github.com/svcgen/svcgen/cmd/svcgen@version new` in a temporary
// directory, through the module proxy as GOPROXY configures it, and reads the
// project it wrote. The error says why when that cannot be done.
func FetchRelease(ctx context.Context, version string, answers []byte, name string) (Files, error) {
	if !semver.IsValid(version) {
		return nil, fmt.Errorf("svcgen %s is not a release that can be fetched (a development build records \"(devel)\")", version)
	}
	tmp, err := os.MkdirTemp("", "svcgen-base-")
	if err != nil {
		return nil, fmt.Errorf("fetch svcgen %s: %w", version, err)
	}
	defer os.RemoveAll(tmp)
	if err := os.WriteFile(filepath.Join(tmp, "answers.json"), answers, 0o600); err != nil {
		return nil, fmt.Errorf("fetch svcgen %s: %w", version, err)
	}
	ctx, cancel := context.WithTimeout(ctx, releaseTimeout)
	defer cancel()
	out := filepath.Join(tmp, "project")
	// Every svcgen that writes an answers file takes these flags of new.
	cmd := exec.CommandContext(ctx, "go", "run", ReleasePackage+"@"+version,
		"new", name, "--answers", "answers.json", "--no-input", "--no-tidy", "--output", out)
	// Outside any module, so that `go run pkg@version` resolves the release alone;
	// a GOFLAGS -mod setting meant for the user's modules would make it fail.
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GOFLAGS="+withoutModFlag(os.Getenv("GOFLAGS")))
	if text, err := run(cmd); err != nil {
		return nil, fmt.Errorf("go run %s@%s: %v: %s", ReleasePackage, version, err, lastLine(text))
	}
	return readProject(out)
}

// withoutModFlag drops -mod=... from a GOFLAGS value.
func withoutModFlag(goflags string) string {
	var kept []string
	for _, f := range strings.Fields(goflags) {
		if !strings.HasPrefix(f, "-mod=") && !strings.HasPrefix(f, "--mod=") {
			kept = append(kept, f)
		}
	}
	return strings.Join(kept, " ")
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// readProject reads every regular file under dir as Files, by slash path.
func readProject(dir string) (Files, error) {
	var files Files
	root := os.DirFS(dir)
	err := fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := fs.ReadFile(root, p)
		files = append(files, File{Path: p, Data: data, Mode: 0o644})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read the release's project: %w", err)
	}
	return files, nil
}

// BaseFinder finds the base versions of an update's files: svcgen's output for the
// recorded answers and version. It renders them with this svcgen first, which is
// exact for every file whose hash matches the record (all of them when the version
// is the same, and no network is needed); only for the others does it fetch the
// recorded release (FetchRelease). Its Find is UpdateInput.Base.
type BaseFinder struct {
	Ctx       context.Context
	Recorded  Answers
	Raw       []byte // the answers file as read, handed to the release
	Templates fs.FS
	// Running is this svcgen's version: a release is fetched only when the
	// recorded version is another.
	Running string

	own, release       map[string][]byte
	ownErr, releaseErr error
	ownDone, fetched   bool
}

// Find returns the base version of path, or why it cannot be had.
func (b *BaseFinder) Find(path string) ([]byte, error) {
	want := b.Recorded.Files[path]
	if !b.ownDone {
		b.ownDone = true
		files, err := Generate(b.Recorded.Spec, b.Templates, b.Recorded.SvcgenVersion)
		b.own, b.ownErr = byPath(files), err
	}
	if data, ok := b.own[path]; ok && hashOf(data) == want {
		return data, nil
	}
	if b.Recorded.SvcgenVersion == b.Running {
		if b.ownErr != nil {
			return nil, b.ownErr
		}
		return nil, fmt.Errorf("this svcgen's output for %s does not match the hash recorded in %s", path, AnswersFile)
	}
	if !b.fetched {
		b.fetched = true
		files, err := FetchRelease(b.Ctx, b.Recorded.SvcgenVersion, b.Raw, b.Recorded.Spec.Name)
		b.release, b.releaseErr = byPath(files), err
	}
	if b.releaseErr != nil {
		return nil, b.releaseErr
	}
	if data, ok := b.release[path]; ok && hashOf(data) == want {
		return data, nil
	}
	return nil, fmt.Errorf("svcgen %s's output for %s does not match the hash recorded in %s", b.Recorded.SvcgenVersion, path, AnswersFile)
}

func byPath(files Files) map[string][]byte {
	m := make(map[string][]byte, len(files))
	for _, f := range files {
		m[f.Path] = f.Data
	}
	return m
}
