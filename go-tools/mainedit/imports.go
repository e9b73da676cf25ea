package main

import (
	"go/ast"
	"go/token"
	"strings"
)

// importNames maps each imported path to the name the file uses for it;
// blank and dot imports give no name to call through.
func importNames(f *ast.File) map[string]string {
	names := map[string]string{}
	for _, spec := range f.Imports {
		path := strings.Trim(spec.Path.Value, "\"`")
		name := path[strings.LastIndex(path, "/")+1:]
		if spec.Name != nil {
			name = spec.Name.Name
		} else if strings.HasPrefix(name, "v") && strings.Count(path, "/") > 0 && isMajor(name) {
			// ".../chi/v5" is package chi.
			trimmed := strings.TrimSuffix(path, "/"+name)
			name = trimmed[strings.LastIndex(trimmed, "/")+1:]
		}
		if name == "_" || name == "." {
			continue
		}
		names[path] = name
	}
	return names
}

func isMajor(s string) bool {
	if len(s) < 2 {
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// tracingName is the name the generated package is used under: its existing
// import's, else "tracing", or "tktracing" when that name is already taken
// by another import or a top-level declaration.
func (e *editor) tracingName() (string, bool) {
	if n, ok := e.names[e.req.TracingImport]; ok {
		return n, true
	}
	for path, n := range e.names {
		if n == "tracing" && path != e.req.TracingImport {
			return "tktracing", false
		}
	}
	if e.file.Scope.Lookup("tracing") != nil {
		return "tktracing", false
	}
	return "tracing", false
}

func (e *editor) tracingSpec() string {
	if e.tracing == "tracing" {
		return `"` + e.req.TracingImport + `"`
	}
	return e.tracing + ` "` + e.req.TracingImport + `"`
}

// addImports adds the tracing package (in a group of its own at the end) and
// context when setup needs it, and removes the import left unused; gofmt
// sorts each group.
func (e *editor) addImports() {
	var std, other []string
	if e.names["context"] == "" && contains(e.applied, didSetup) {
		std = append(std, `"context"`)
	}
	if !e.imported {
		other = append(other, e.tracingSpec())
	}
	var first *ast.GenDecl
	for _, d := range e.file.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			if first == nil {
				first = g
			}
			e.dropFrom(g, g == first && !g.Lparen.IsValid() && len(std)+len(other) > 0)
		}
	}
	if len(std)+len(other) == 0 {
		return
	}
	block := func(existing string) string {
		var groups []string
		for _, g := range [][]string{std, {existing}, other} {
			if len(g) > 0 && g[0] != "" {
				groups = append(groups, "\t"+strings.Join(g, "\n\t"))
			}
		}
		return "import (\n" + strings.Join(groups, "\n\n") + "\n)"
	}
	switch {
	case first == nil:
		at := e.off(e.file.Name.End())
		e.edits = append(e.edits, textEdit{at, at, "\n\n" + block("")})
	case !first.Lparen.IsValid():
		existing := e.text(first.Specs[0])
		if e.dropped(first.Specs[0]) {
			existing = ""
		}
		e.edits = append(e.edits, textEdit{e.off(first.Pos()), e.off(first.End()), block(existing)})
	default:
		if len(std) > 0 {
			at := e.off(first.Lparen) + 1
			sep := ""
			if len(first.Specs) > 0 && !isStd(first.Specs[0].(*ast.ImportSpec)) {
				sep = "\n" // the first group is not the standard library's: context gets its own
			}
			e.edits = append(e.edits, textEdit{at, at, "\n\t" + strings.Join(std, "\n\t") + sep})
		}
		if len(other) > 0 {
			at := e.off(first.Rparen)
			e.edits = append(e.edits, textEdit{at, at, "\n\t" + strings.Join(other, "\n\t") + "\n"})
		}
	}
}

// dropFrom removes the unused import from an import declaration: the spec
// from a block, the whole declaration when it is its only spec (unless
// addImports rewrites that declaration itself: rewritten).
func (e *editor) dropFrom(g *ast.GenDecl, rewritten bool) {
	for _, spec := range g.Specs {
		if !e.dropped(spec) || rewritten {
			continue
		}
		if g.Lparen.IsValid() {
			e.edits = append(e.edits, e.wholeLine(spec))
		} else {
			e.edits = append(e.edits, textEdit{e.off(g.Pos()), e.off(g.End()), ""})
		}
	}
}

// wholeLine deletes the line a node stands on alone, so no blank line is left
// (a blank line would split an import group in two).
func (e *editor) wholeLine(n ast.Node) textEdit {
	start, end := e.off(n.Pos()), e.off(n.End())
	for start > 0 && (e.src[start-1] == ' ' || e.src[start-1] == '\t') {
		start--
	}
	if nl := strings.IndexByte(e.src[end:], '\n'); nl >= 0 && strings.TrimSpace(e.src[end:end+nl]) == "" {
		end += nl + 1
	}
	return textEdit{start, end, ""}
}

func (e *editor) dropped(spec ast.Spec) bool {
	s := spec.(*ast.ImportSpec)
	return e.drop != "" && strings.Trim(s.Path.Value, "\"`") == e.drop
}

func isStd(spec *ast.ImportSpec) bool {
	path := strings.Trim(spec.Path.Value, "\"`")
	return !strings.Contains(strings.Split(path, "/")[0], ".")
}
