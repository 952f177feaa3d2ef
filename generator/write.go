package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// ErrNotEmpty is returned by Write when the target holds files and Force is off.
var ErrNotEmpty = errors.New("exists and is non-empty")

// WriteOptions control Files.Write.
type WriteOptions struct {
	// Force writes into a non-empty target: the generated files are overwritten and
	// every other file is left untouched.
	Force bool

	// failAfter, when positive, makes the writer fail after that many files; tests use
	// it to prove that an interrupted write leaves nothing behind.
	failAfter int
}

const (
	// stagePrefix names the staging directories Write creates beside the target.
	stagePrefix = ".svcgen-stage-"
	// tmpSuffix marks new content written beside a file that --force replaces.
	tmpSuffix = ".svcgen-tmp"
)

// Write puts the files into dir. A new project is written all-or-nothing: into a
// staging directory beside dir, then renamed into place, so an interrupted run leaves
// either no dir or the whole project. Every write goes through os.Root, which refuses
// paths (or symlinks) that lead out of the directory being written.
func (files Files) Write(dir string, opts WriteOptions) error {
	for _, f := range files {
		if err := checkPath(f.Path); err != nil {
			return err
		}
	}
	empty, err := isEmptyDir(dir)
	if err != nil {
		return err
	}
	if empty {
		return files.writeNew(dir, opts)
	}
	if !opts.Force {
		return fmt.Errorf("target directory %s %w (use --force to overwrite the files svcgen generates)", dir, ErrNotEmpty)
	}
	return files.overwrite(dir, opts)
}

// isEmptyDir reports whether dir is missing or an empty directory.
func isEmptyDir(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return true, nil
	case err != nil:
		return false, fmt.Errorf("read target directory: %w", err)
	}
	return len(entries) == 0, nil
}

// writeNew stages the project beside dir and renames it into place. The stage is a
// sibling because rename(2) cannot cross file systems.
func (files Files) writeNew(dir string, opts WriteOptions) error {
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("create parent directory: %w", err)
	}
	stage, err := os.MkdirTemp(parent, stagePrefix+filepath.Base(dir)+"-")
	if err != nil {
		return fmt.Errorf("create staging directory: %w", err)
	}
	if err := files.writeTree(stage, "", opts); err != nil {
		return errors.Join(err, os.RemoveAll(stage))
	}
	// MkdirTemp creates mode 0700; the project should have an ordinary directory mode.
	if err := os.Chmod(stage, 0o755); err != nil {
		return errors.Join(fmt.Errorf("set project directory mode: %w", err), os.RemoveAll(stage))
	}
	// rename(2) refuses to replace a directory, even an empty one, so remove an
	// empty target first; os.Remove fails rather than delete anything that appeared.
	if err := os.Remove(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return errors.Join(fmt.Errorf("replace empty target directory: %w", err), os.RemoveAll(stage))
	}
	if err := os.Rename(stage, dir); err != nil {
		return errors.Join(fmt.Errorf("move project into place: %w", err), os.RemoveAll(stage))
	}
	return nil
}

// overwrite replaces the generated files inside an existing project. Each file is
// first written beside its destination under a temporary name, and only when all of
// them are written are they renamed over the old ones, so a failed write changes nothing.
func (files Files) overwrite(dir string, opts WriteOptions) error {
	if err := files.writeTree(dir, tmpSuffix, opts); err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("open target directory: %w", err)
	}
	defer root.Close()
	for _, f := range files {
		if err := root.Rename(f.Path+tmpSuffix, f.Path); err != nil {
			return fmt.Errorf("replace %s: %w", f.Path, err)
		}
	}
	return nil
}

// writeTree writes every file, with suffix appended to its name, under dir. On error
// it removes what it wrote.
func (files Files) writeTree(dir, suffix string, opts WriteOptions) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("open directory: %w", err)
	}
	defer root.Close()
	for i, f := range files {
		if opts.failAfter > 0 && i == opts.failAfter {
			err = fmt.Errorf("write %s: injected failure", f.Path)
		} else {
			err = writeFile(root, f.Path+suffix, f.Data, f.Mode)
		}
		if err != nil {
			for _, done := range files[:i] {
				root.Remove(done.Path + suffix)
			}
			return err
		}
	}
	return nil
}

// writeFile writes one file and flushes it to disk, so that after the final rename
// the project survives a crash of the machine, not only of svcgen.
func writeFile(root *os.Root, name string, data []byte, mode fs.FileMode) error {
	if dir := path.Dir(name); dir != "." {
		if err := root.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("create directory for %s: %w", strings.TrimSuffix(name, tmpSuffix), err)
		}
	}
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// StaleStages lists staging directories that an interrupted earlier run left beside
// dir, so the caller can tell the user to remove them.
func StaleStages(dir string) []string {
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), stagePrefix+filepath.Base(dir)+"-*"))
	return matches
}
