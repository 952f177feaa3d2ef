package generator

import (
	"fmt"
	"strings"
)

// SetOption applies one `svcgen update --set NAME=VALUE` to s: NAME is a catalog
// option, VALUE is what its `svcgen new` flag takes. The value is checked as the
// flag's is; the whole Spec is checked later by Validate (Needs across options).
func SetOption(s *Spec, arg string) error {
	name, value, ok := strings.Cut(arg, "=")
	o := Lookup(strings.TrimSpace(name))
	if !ok || o == nil {
		var names []string
		for _, o := range Catalog {
			names = append(names, o.Name)
		}
		return fmt.Errorf("invalid --set %q (want OPTION=VALUE, OPTION one of %s)", arg, orList(names))
	}
	if err := o.check(o.parse(value)); err != nil {
		return fmt.Errorf("--set %s: %w", arg, err)
	}
	o.Set(s, value)
	return nil
}
