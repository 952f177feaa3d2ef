package generator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// MaxAnswersSize bounds an answers file. svcgen writes a few KiB (a hash per
// generated file); the bound keeps `--answers /dev/zero` or a huge file from
// exhausting memory.
const MaxAnswersSize = 1 << 20

// ParseAnswers reads an answers file written by an earlier run. It is strict, so
// that a hand-edited file cannot silently mean something else: unknown keys and
// values of the wrong JSON type are refused, each error naming the key and what it
// takes. A key missing from "spec" keeps its default, so a file from an older svcgen
// that lacked an option still reads. Errors do not name the file; the caller does.
func ParseAnswers(data []byte) (Answers, error) {
	if len(data) > MaxAnswersSize {
		return Answers{}, fmt.Errorf("larger than %d MiB, the most an answers file may hold (svcgen writes a few KiB)", MaxAnswersSize>>20)
	}
	a := Answers{Spec: NewSpec("")}
	a.Spec.Module = ""
	if err := decodeStrict(data, reflect.ValueOf(&a).Elem(), ""); err != nil {
		return Answers{}, err
	}
	return a, nil
}

// AnswersVersion reads only the svcgen version an answers file records, leniently,
// so that a caller can say "written by a newer svcgen" when ParseAnswers refuses
// the file. It returns "" when the file has none.
func AnswersVersion(data []byte) string {
	var v struct {
		SvcgenVersion string `json:"svcgen_version"`
	}
	if len(data) > MaxAnswersSize || json.Unmarshal(data, &v) != nil {
		return ""
	}
	return v.SvcgenVersion
}

// decodeStrict decodes the JSON object data into the struct v key by key: the keys
// are the fields' json tags, so every key svcgen writes is accepted, and others are
// refused. Hand-written because encoding/json's DisallowUnknownFields and type errors
// speak of Go types ("cannot unmarshal number into ... generator.Transport").
func decodeStrict(data []byte, v reflect.Value, in string) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			line := bytes.Count(data[:min(syntax.Offset, int64(len(data)))], []byte("\n")) + 1
			return fmt.Errorf("invalid JSON at line %d: %v", line, err)
		}
		if in == "" {
			return errors.New("must be a JSON object, as svcgen writes it")
		}
		return fmt.Errorf("%q must be an object", in)
	}
	t := v.Type()
	var known []string
	for i := range t.NumField() {
		key := jsonKey(t.Field(i))
		known = append(known, key)
		raw, ok := obj[key]
		if !ok {
			continue
		}
		field := v.Field(i)
		if field.Kind() == reflect.Struct {
			if err := decodeStrict(raw, field, key); err != nil {
				return err
			}
			continue
		}
		if err := json.Unmarshal(raw, field.Addr().Interface()); err != nil {
			return fmt.Errorf("%q must be %s", key, describe(key, field.Type()))
		}
	}
	var unknown []string
	for key := range obj {
		if !slices.Contains(known, key) {
			unknown = append(unknown, key)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	slices.Sort(unknown)
	where := ""
	if in != "" {
		where = fmt.Sprintf(" in %q", in)
	}
	for i, key := range unknown {
		unknown[i] = fmt.Sprintf("%q", key)
	}
	noun := "key"
	if len(unknown) > 1 {
		noun = "keys"
	}
	return fmt.Errorf("unknown %s %s%s (known: %s)", noun, strings.Join(unknown, ", "), where, strings.Join(known, ", "))
}

// jsonKey is the key encoding/json uses for field f.
func jsonKey(f reflect.StructField) string {
	if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" {
		return name
	}
	return f.Name
}

// describe says, in the file's terms, what the value of key must be.
func describe(key string, t reflect.Type) string {
	o := Lookup(key)
	switch {
	case t.Kind() == reflect.String && o != nil:
		return "a string (" + orList(o.ValueNames()) + ")"
	case t.Kind() == reflect.String && key == "go_version":
		return `a string such as "` + DefaultGoVersion + `"`
	case t.Kind() == reflect.String:
		return "a string"
	case t.Kind() == reflect.Slice && o != nil && len(o.Values) > 0:
		return "a list of strings, each " + orList(o.ValueNames()[:len(o.Values)])
	case t.Kind() == reflect.Slice && o != nil:
		return "an empty list: it has no values yet"
	case t.Kind() == reflect.Map:
		return "an object mapping each generated file to its SHA-256"
	}
	return "of another type"
}
