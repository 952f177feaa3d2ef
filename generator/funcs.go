package generator

import (
	"strconv"
	"strings"
	"text/template"
)

// funcs is the whole FuncMap of the templates. It stays small and boring on purpose:
// logic that needs more belongs in a Spec method, where it can be tested.
var funcs = template.FuncMap{
	"lower": strings.ToLower,
	"upper": strings.ToUpper,
	"join":  func(list []string, sep string) string { return strings.Join(list, sep) },
	"quote": strconv.Quote,
}
