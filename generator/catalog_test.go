package generator

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMultiOptionParsing(t *testing.T) {
	deploy := Lookup("deploy")
	for _, tc := range []struct {
		raw  string
		want []string
	}{
		{"none", []string{}},
		{"all", []string{"docker", "compose", "k8s", "github-actions"}},
		{"k8s,docker", []string{"docker", "k8s"}},
		{" k8s , k8s ", []string{"k8s"}},
		{"helm,docker", []string{"docker", "helm"}},
	} {
		var s Spec
		deploy.Set(&s, tc.raw)
		if diff := cmp.Diff(tc.want, s.Deploy); diff != "" {
			t.Errorf("--deploy %q (-want +got):\n%s", tc.raw, diff)
		}
	}
}

func TestCatalogIsComplete(t *testing.T) {
	for _, o := range Catalog {
		if o.Title == "" || o.Help == "" || o.get == nil || o.set == nil {
			t.Errorf("option %s lacks a title, help text or accessor", o.Name)
		}
		if err := o.check(o.normalize(o.Default)); err != nil {
			t.Errorf("option %s: default %q is not valid: %v", o.Name, o.Default, err)
		}
		for _, v := range o.Values {
			if v.Help == "" {
				t.Errorf("value %s of --%s has no help", v.Name, o.Name)
			}
		}
	}
}

func TestUnknownValueNamesFlagAndChoices(t *testing.T) {
	s := NewSpec("orders")
	Lookup("db").Set(&s, "mongo")
	err := s.Validate()
	// The accepted values are listed as the catalog has them, sqlite and none among them.
	want := `unknown --db value "mongo" (want ` + Lookup("db").Accepted() + ")"
	if err == nil || err.Error() != want || !strings.Contains(want, "sqlite") || !strings.Contains(want, "none") {
		t.Errorf("Validate() = %v, want %s", err, want)
	}
	Lookup("db").Set(&s, "none")
	Lookup("resilience").Set(&s, "breaker,fuse")
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "--resilience") {
		t.Errorf("Validate() = %v, want an error naming --resilience", err)
	}
}

func TestAllAndNoneStandAlone(t *testing.T) {
	for _, raw := range []string{"all,none", "docker,none", "all,k8s"} {
		s := NewSpec("orders")
		Lookup("deploy").Set(&s, raw)
		err := s.Validate()
		if err == nil || !strings.Contains(err.Error(), "cannot be combined with other values") || strings.Contains(err.Error(), "unknown") {
			t.Errorf("--deploy %s: Validate() = %v, want all and none refused in combination", raw, err)
		}
	}
}

func TestNeedsAreChecked(t *testing.T) {
	s := NewSpec("orders")
	Lookup("deploy").Set(&s, "compose,k8s")
	err := s.Validate()
	if err == nil || err.Error() != "--deploy compose needs --deploy docker (add it, or drop compose)" {
		t.Errorf("Validate() = %v", err)
	}
	Lookup("deploy").Set(&s, "compose,docker")
	if err := s.Validate(); err != nil {
		t.Errorf("Validate() = %v, want nil", err)
	}
	for _, o := range Catalog {
		for _, v := range o.Values {
			for _, need := range v.Needs {
				name, value, ok := strings.Cut(need, "=")
				if !ok || Lookup(name) == nil || !slices.Contains(Lookup(name).ValueNames(), value) {
					t.Errorf("--%s %s needs %q, which is not an option=value of the catalog", o.Name, v.Name, need)
				}
			}
		}
	}
}
