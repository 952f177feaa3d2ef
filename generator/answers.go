package generator

import (
	"encoding/json"
	"fmt"
)

// AnswersFile is written at every project's root. It records what the project was
// generated from, so that `svcgen new --answers` can generate it again, and a hash of
// each generated file, so that a later `svcgen update` can tell user edits apart.
const AnswersFile = ".svcgen.json"

// Answers is the content of AnswersFile.
type Answers struct {
	// SvcgenVersion is the version of svcgen that generated the project.
	SvcgenVersion string `json:"svcgen_version"`
	Spec          Spec   `json:"spec"`
	// Files maps each generated path to the hex SHA-256 of its generated content.
	Files map[string]string `json:"files"`
}

func newAnswers(s Spec, svcgenVersion string, files Files) Answers {
	a := Answers{SvcgenVersion: svcgenVersion, Spec: s, Files: make(map[string]string, len(files))}
	for _, f := range files {
		a.Files[f.Path] = hashOf(f.Data) // as --force compares them (force.go)
	}
	return a
}

// encode writes indented JSON; encoding/json sorts map keys, which keeps it stable.
func (a Answers) encode() ([]byte, error) {
	data, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", AnswersFile, err)
	}
	return append(data, '\n'), nil
}
