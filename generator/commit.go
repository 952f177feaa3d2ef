package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// writeInPlace writes plan into the existing directory target: first every file
// into a staging directory inside target (nothing in target changes if that fails),
// then each into place by rename, the answers file last. A failed move is undone.
func (w *writer) writeInPlace(target string, plan []step) error {
	stage, err := os.MkdirTemp(target, stagePrefix)
	if err != nil {
		return fmt.Errorf("create staging directory: %w", err)
	}
	if err := os.Mkdir(filepath.Join(stage, "new"), 0o700); err != nil {
		return errors.Join(fmt.Errorf("create staging directory: %w", err), w.removeAll(stage))
	}
	if err := w.stage(filepath.Join(stage, "new"), plan); err != nil {
		return errors.Join(err, w.removeAll(stage))
	}
	if w.journal {
		if err := writeJournal(stage, plan); err != nil {
			return errors.Join(err, w.removeAll(stage))
		}
	}
	root, err := os.OpenRoot(target)
	if err != nil {
		return errors.Join(fmt.Errorf("open target directory: %w", err), w.removeAll(stage))
	}
	defer root.Close()
	w.step(len(w.files))
	c := &commit{root: root, stage: filepath.Base(stage), before: w.opts.BeforeMove}
	if err := c.run(plan, w.opts.faults); err != nil {
		if errors.Is(err, errKilled) {
			return err
		}
		if uerr := c.undo(); uerr != nil {
			// The stage holds the files the write moved aside: keep it.
			return errors.Join(err, uerr)
		}
		return errors.Join(err, w.removeAll(stage))
	}
	w.step(len(w.files) + 1)
	if err := w.removeAll(stage); err != nil {
		return fmt.Errorf("the project is written, but %w", err)
	}
	return nil
}

// commit moves staged files into place inside root and remembers how to undo each
// move, so that a failure part-way leaves the target as it was.
type commit struct {
	root  *os.Root
	stage string // the staging directory's name inside root
	undos []func() error
	// before, when set, is called before each move (WriteOptions.BeforeMove).
	before func(i int)
}

func (c *commit) run(plan []step, f faults) error {
	for i, s := range plan {
		switch {
		case f.commitAfter > 0 && i == f.commitAfter:
			return fmt.Errorf("move %s into place: injected failure", s.dest())
		case f.killAfter > 0 && i == f.killAfter:
			return errKilled
		}
		if c.before != nil {
			c.before(i)
		}
		if err := c.apply(s); err != nil {
			return err
		}
	}
	return nil
}

// apply carries out one step. A file it replaces is first hard-linked into the
// stage, so that the rename over it is atomic and still undoable; where hard links
// are not supported it is moved there instead.
func (c *commit) apply(s step) error {
	dest, staged, backup := s.dest(), c.stage+"/new/"+s.dest(), c.stage+"/old/"+s.dest()
	info, err := c.root.Lstat(dest)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if s.kind == stepRemove {
			return nil
		}
		if err := c.mkdirs(path.Dir(dest)); err != nil {
			return fmt.Errorf("create directory for %s: %w", dest, err)
		}
		if err := c.root.Rename(staged, dest); err != nil {
			return fmt.Errorf("move %s into place: %w", dest, err)
		}
		c.undos = append(c.undos, func() error { return c.root.Remove(dest) })
		return nil
	case err != nil:
		return fmt.Errorf("inspect %s: %w", dest, err)
	case info.IsDir():
		return fmt.Errorf("cannot replace %s: it is a directory", dest)
	}
	if err := c.root.MkdirAll(path.Dir(backup), 0o700); err != nil {
		return fmt.Errorf("set %s aside: %w", dest, err)
	}
	if s.kind == stepRemove || c.root.Link(dest, backup) != nil {
		if err := c.root.Rename(dest, backup); err != nil {
			return fmt.Errorf("set %s aside: %w", dest, err)
		}
	}
	c.undos = append(c.undos, func() error { return c.root.Rename(backup, dest) })
	if s.kind == stepRemove {
		return nil
	}
	if err := c.root.Rename(staged, dest); err != nil {
		return fmt.Errorf("move %s into place: %w", dest, err)
	}
	return nil
}

// mkdirs creates dir and its missing parents inside root, remembering each so that
// undo removes exactly the directories this write created.
func (c *commit) mkdirs(dir string) error {
	if dir == "." {
		return nil
	}
	if _, err := c.root.Lstat(dir); err == nil {
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := c.mkdirs(path.Dir(dir)); err != nil {
		return err
	}
	if err := c.root.Mkdir(dir, 0o755); err != nil {
		return err
	}
	c.undos = append(c.undos, func() error { return c.root.Remove(dir) })
	return nil
}

// undo reverts the moves done so far, last first.
func (c *commit) undo() error {
	var errs []error
	for i := len(c.undos) - 1; i >= 0; i-- {
		if err := c.undos[i](); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("undo the failed write: %w (files it set aside are in %s/old)", errors.Join(errs...), c.stage)
	}
	return nil
}
