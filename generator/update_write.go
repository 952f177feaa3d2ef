package generator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// journalFile is written into the stage of an update once every new file is
// staged and flushed, before the first move into place: its presence says the
// update is decided, and lists the moves, so that FinishInterrupted can carry an
// interrupted update to its end.
const journalFile = "journal.json"

// journalStep is one move of the journal.
type journalStep struct {
	Path   string `json:"path"`
	Remove bool   `json:"remove,omitempty"`
}

// Write carries out the update in dir: every file the update writes is staged and
// flushed inside dir first (nothing in dir changes if that fails), then the moves
// are recorded in a journal, then each file is moved into place, the answers file
// last, and the files the update removes are removed. A failed move is undone. An
// update killed before its first move leaves the project as it was (and a stage
// that FinishInterrupted removes); one killed between two moves leaves the journal,
// and FinishInterrupted, which `svcgen update` runs first, completes it: the
// project is then exactly as the uninterrupted update would have left it.
func (u *Update) Write(dir string, opts WriteOptions) error {
	var plan []step
	var files Files
	for _, c := range u.Changes {
		switch {
		case !c.writes() || c.Path == AnswersFile:
		case c.New == nil:
			plan = append(plan, step{kind: stepRemove, file: File{Path: c.Path}})
		default:
			f := File{Path: c.Path, Data: c.New, Mode: 0o644}
			plan, files = append(plan, step{kind: stepWrite, file: f}), append(files, f)
		}
	}
	if u.Writes() == 0 {
		return nil
	}
	// The answers file goes last even when it is unchanged: then the journal's last
	// move is always the record of the finished update.
	plan, files = append(plan, step{kind: stepWrite, file: u.answers}), append(files, u.answers)
	target, err := resolveTarget(dir)
	if err != nil {
		return err
	}
	w := &writer{opts: opts, files: files, journal: true}
	if err := w.writeInPlace(target, plan); err != nil {
		return err
	}
	root, err := os.OpenRoot(target)
	if err != nil {
		return fmt.Errorf("open project directory: %w", err)
	}
	defer root.Close()
	var removed []string
	for _, s := range plan {
		if s.kind == stepRemove {
			removed = append(removed, s.file.Path)
		}
	}
	pruneEmptyDirs(root, removed)
	return nil
}

// writeJournal records plan's moves in stage, flushed, before the first of them.
func writeJournal(stage string, plan []step) error {
	steps := make([]journalStep, 0, len(plan))
	for _, s := range plan {
		steps = append(steps, journalStep{Path: s.dest(), Remove: s.kind == stepRemove})
	}
	data, err := json.Marshal(steps)
	if err != nil {
		return fmt.Errorf("write update journal: %w", err)
	}
	root, err := os.OpenRoot(stage)
	if err != nil {
		return fmt.Errorf("write update journal: %w", err)
	}
	defer root.Close()
	f, err := writeFile(root, journalFile, data, 0o600)
	if err != nil {
		return err
	}
	// The journal must be on disk before the first move it describes.
	return syncAll([]*os.File{f})
}

// FinishInterrupted completes the updates that were interrupted in dir while
// moving files into place (their stage holds a journal), and removes the stages
// of updates interrupted before the first move (nothing in dir had changed). It
// returns the stages it finished. Stages of other runs are left alone: `svcgen
// new --force` may have set files aside in them.
func FinishInterrupted(dir string) ([]string, error) {
	target, err := resolveTarget(dir)
	if err != nil {
		return nil, err
	}
	stages, _ := filepath.Glob(filepath.Join(target, stagePrefix+"*"))
	var finished []string
	for _, stage := range stages {
		data, err := os.ReadFile(filepath.Join(stage, journalFile))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if onlyStaged(stage) {
				os.RemoveAll(stage)
			}
			continue
		case err != nil:
			return finished, fmt.Errorf("read %s: %w", filepath.Join(stage, journalFile), err)
		}
		var steps []journalStep
		if err := json.Unmarshal(data, &steps); err != nil {
			return finished, fmt.Errorf("read %s: %w", filepath.Join(stage, journalFile), err)
		}
		if err := rollForward(target, filepath.Base(stage), steps); err != nil {
			return finished, fmt.Errorf("finish the interrupted update in %s: %w", stage, err)
		}
		finished = append(finished, stage)
		if err := os.RemoveAll(stage); err != nil {
			return finished, fmt.Errorf("the interrupted update is finished, but remove %s: %w (remove it by hand)", stage, err)
		}
	}
	return finished, nil
}

// onlyStaged reports whether a stage without a journal holds staged files only
// (no old/, where moves set replaced files aside), so that removing it loses
// nothing: its run was stopped before its first move.
func onlyStaged(stage string) bool {
	entries, err := os.ReadDir(stage)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if e.Name() != "new" {
			return false
		}
	}
	return true
}

// rollForward carries out the journal's moves that had not happened: a staged
// file still in the stage is moved into place, and a file to remove that is
// still in place is removed. Moves are done in the journal's order, so the
// answers file is again the last.
func rollForward(target, stage string, steps []journalStep) error {
	root, err := os.OpenRoot(target)
	if err != nil {
		return err
	}
	defer root.Close()
	var removed []string
	for _, s := range steps {
		if checkPath(s.Path) != nil || strings.HasPrefix(s.Path, stagePrefix) {
			return fmt.Errorf("journal names %q, outside the project", s.Path)
		}
		if s.Remove {
			if err := root.Remove(s.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			removed = append(removed, s.Path)
			continue
		}
		staged := stage + "/new/" + s.Path
		if _, err := root.Lstat(staged); errors.Is(err, fs.ErrNotExist) {
			continue // moved before the interruption
		}
		if dir := path.Dir(s.Path); dir != "." {
			if err := root.MkdirAll(dir, 0o755); err != nil {
				return err
			}
		}
		if err := root.Rename(staged, s.Path); err != nil {
			return err
		}
	}
	pruneEmptyDirs(root, removed)
	return nil
}

// PendingUpdates lists the stages in dir of updates interrupted while moving files
// into place, which the next `svcgen update` finishes.
func PendingUpdates(dir string) []string {
	target, err := resolveTarget(dir)
	if err != nil {
		return nil
	}
	journals, _ := filepath.Glob(filepath.Join(target, stagePrefix+"*", journalFile))
	for i, j := range journals {
		journals[i] = filepath.Dir(j)
	}
	return journals
}
