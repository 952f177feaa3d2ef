package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"slices"
)

// NewSuffix names svcgen's new version of a file that --force found edited; it is
// written beside the file, which stays as the user left it.
const NewSuffix = ".svcgen-new"

type stepKind int

const (
	stepWrite  stepKind = iota // put the file at its path
	stepBeside                 // the file at its path was edited: put the new one beside it
	stepRemove                 // the file is no longer generated and was not edited: remove it
)

// step is one change a write makes in the target.
type step struct {
	kind stepKind
	file File // for stepRemove, only Path is set
}

// dest is the path the step writes or removes.
func (s step) dest() string {
	if s.kind == stepBeside {
		return s.file.Path + NewSuffix
	}
	return s.file.Path
}

// planAll writes every file, the answers file last: it is what tells a later --force
// run which files svcgen wrote, so it must not claim files not yet in place.
func planAll(files Files) []step {
	plan := make([]step, 0, len(files))
	for _, f := range files {
		plan = append(plan, step{kind: stepWrite, file: f})
	}
	return answersLast(plan)
}

func answersLast(plan []step) []step {
	slices.SortStableFunc(plan, func(a, b step) int {
		return boolInt(a.file.Path == AnswersFile) - boolInt(b.file.Path == AnswersFile)
	})
	return plan
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// planForce decides what --force does to each file of a target that already holds
// files. It compares three versions of a file: the one recorded in the target's
// answers file as what svcgen last wrote (base), the one on disk, and the new one.
//
//   - on disk equal to new: nothing to do;
//   - missing, or on disk equal to base (unedited): write the new one;
//   - new equal to base: svcgen has nothing new for it, so the edited file stays;
//   - otherwise (edited, and svcgen changed it too): keep the file, write the new
//     one beside it as PATH + NewSuffix, and report it as Kept.
//
// A file in the record that the new options no longer generate is removed when
// unedited, and reported as Orphaned (and left alone) when edited. Without a
// usable record, no file counts as unedited: every existing file that differs from
// the new one is kept, and nothing is removed. The answers file itself is always
// replaced: it records the project as generated now, edited files or not, so the
// next --force compares with this run's versions.
func planForce(root *os.Root, files Files) ([]step, WriteReport, error) {
	var report WriteReport
	base, err := recordedHashes(root)
	if err != nil {
		report.NoRecord = err
	}
	var plan []step
	generated := map[string]bool{}
	for _, f := range files {
		generated[f.Path] = true
		disk, err := hashOnDisk(root, f.Path)
		if err != nil {
			return nil, WriteReport{}, err
		}
		sum := hashOf(f.Data)
		switch recorded, ok := base[f.Path]; {
		case disk == sum:
		case disk == "" || ok && disk == recorded || f.Path == AnswersFile:
			plan = append(plan, step{kind: stepWrite, file: f})
		case ok && sum == recorded:
		default:
			plan = append(plan, step{kind: stepBeside, file: f})
			report.Kept = append(report.Kept, f.Path)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(base)) {
		if generated[p] || p == AnswersFile || checkPath(p) != nil {
			continue
		}
		switch disk, err := hashOnDisk(root, p); {
		case err != nil:
			return nil, WriteReport{}, err
		case disk == "":
		case disk == base[p]:
			plan = append(plan, step{kind: stepRemove, file: File{Path: p}})
			report.Removed = append(report.Removed, p)
		default:
			report.Orphaned = append(report.Orphaned, p)
		}
	}
	return answersLast(plan), report, nil
}

// recordedHashes reads the per-file hashes from the target's answers file. It
// reads only the "files" object, whatever else the format holds or gains.
func recordedHashes(root *os.Root) (map[string]string, error) {
	f, err := root.Open(AnswersFile)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", AnswersFile, err)
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		return nil, fmt.Errorf("read %s: not a regular file", AnswersFile)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxAnswersSize+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("read %s: %w", AnswersFile, err)
	case len(data) > MaxAnswersSize:
		return nil, fmt.Errorf("read %s: larger than %d bytes", AnswersFile, MaxAnswersSize)
	}
	var record struct {
		Files map[string]string `json:"files"`
	}
	if err := json.Unmarshal(data, &record); err != nil {
		return nil, fmt.Errorf("parse %s: %w", AnswersFile, err)
	}
	if len(record.Files) == 0 {
		return nil, fmt.Errorf("%s lists no files", AnswersFile)
	}
	return record.Files, nil
}

// hashOnDisk returns the hex SHA-256 of the regular file name in root, "" when
// there is none, and "other" for anything else there (a directory, a symlink),
// which then never counts as unedited.
func hashOnDisk(root *os.Root, name string) (string, error) {
	info, err := root.Lstat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("inspect %s: %w", name, err)
	case !info.Mode().IsRegular():
		return "other", nil
	}
	f, err := root.Open(name)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", name, err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("read %s: %w", name, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashOf is how the answers file records a file's content: hex SHA-256.
func hashOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
