package generator

import (
	"slices"
	"text/template"
	"text/template/parse"
)

// plainFields are the Spec values a template may print and still be plain: each
// is one line, validated by Spec.Validate, and TestPlainTemplatesNeedNoFormat
// renders every plain template with each of them at its shortest and longest.
var plainFields = []string{"Name", "Module", "APIName", "DBName", "DNSName", "Database"}

// plain reports whether t's output needs no gofmt: t is text and {{.Field}}
// actions of plainFields only, with no conditional, loop or nested template, so
// its output differs from one project to another only in those values, and
// TestPlainTemplatesNeedNoFormat proves that no value of theirs moves a column
// or reorders an import. gofmt (go/format) was four fifths of the CPU time of
// generating the largest project, and most Go templates are plain: the others
// are still formatted, as every template was before.
func plain(t *template.Template) bool {
	if t.Tree == nil || t.Root == nil {
		return false
	}
	for _, n := range t.Root.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
		case *parse.ActionNode:
			if !printsPlainField(n.Pipe) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// printsPlainField reports whether p is exactly {{.F}} with F in plainFields.
func printsPlainField(p *parse.PipeNode) bool {
	if len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return false
	}
	f, ok := p.Cmds[0].Args[0].(*parse.FieldNode)
	return ok && len(f.Ident) == 1 && slices.Contains(plainFields, f.Ident[0])
}
