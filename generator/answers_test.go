package generator

import (
	"strings"
	"testing"
)

func TestParseAnswersIsStrict(t *testing.T) {
	for _, tc := range []struct {
		json string
		want string // the whole error; "" means accepted
	}{
		{`{"spec": {"name": "b", "resilence": ["breaker"]}}`,
			`unknown key "resilence" in "spec" (known: name, module, go_version, transport, db, cache, auth, resilience, observability, deploy)`},
		{`{"spec": {"name": "b", "retries": 3, "resilence": []}}`,
			`unknown keys "resilence", "retries" in "spec" (known: name, module, go_version, transport, db, cache, auth, resilience, observability, deploy)`},
		{`{"svcgen_version": "v1.0.0", "spec": {}, "extra": 1}`,
			`unknown key "extra" (known: svcgen_version, spec, files)`},
		{`{"spec": {"transport": 1}}`, `"transport" must be a string (http, grpc or both)`},
		{`{"spec": {"deploy": "docker"}}`, `"deploy" must be a list of strings, each docker, compose, k8s or github-actions`},
		{`{"spec": {"resilience": {}}}`, `"resilience" must be a list of strings, each breaker, retry, shed or loadbalance`},
		{`{"spec": {"go_version": 1.26}}`, `"go_version" must be a string such as "` + DefaultGoVersion + `"`},
		{`{"spec": {"name": ["b"]}}`, `"name" must be a string`},
		{`{"files": ["go.mod"]}`, `"files" must be an object mapping each generated file to its SHA-256`},
		{`{"spec": []}`, `"spec" must be an object`},
		{`[]`, `must be a JSON object, as svcgen writes it`},
		{"{\n\"spec\":", `invalid JSON at line 2: unexpected end of JSON input`},
		{`{"spec": {"name": "b"}}`, ""},
	} {
		_, err := ParseAnswers([]byte(tc.json))
		if got := errString(err); got != tc.want {
			t.Errorf("ParseAnswers(%s) = %s\nwant %s", tc.json, got, tc.want)
		}
	}
}

func TestParseAnswersIsBounded(t *testing.T) {
	data := []byte(`{"spec": {"name": "` + strings.Repeat("a", MaxAnswersSize) + `"}}`)
	if _, err := ParseAnswers(data); err == nil || !strings.Contains(err.Error(), "1 MiB") {
		t.Errorf("ParseAnswers(%d bytes) = %v, want the size bound", len(data), err)
	}
}

func TestParseAnswersKeepsDefaultsOfMissingKeys(t *testing.T) {
	a, err := ParseAnswers([]byte(`{"spec": {"name": "b", "transport": "grpc"}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := NewSpec("b")
	want.Module = ""
	Lookup("transport").Set(&want, "grpc")
	if a.Spec.Transport != want.Transport || a.Spec.GoVersion != want.GoVersion || a.Spec.Auth != want.Auth || a.Spec.Module != "" {
		t.Errorf("spec = %+v, want %+v", a.Spec, want)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
