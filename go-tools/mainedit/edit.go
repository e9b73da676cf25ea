package main

import (
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
)

// What each kind of change does, as the plan and the next steps say it.
const (
	didSetup   = "call tracing.Init at the start of main and flush spans on return"
	didHandler = "wrap the server handler with tracing.HTTPHandler (a span per request, named by route)"
	didClient  = "send outgoing requests with tracing.HTTPClient (client spans, trace context in the headers)"
	didSQL     = "open the database with tracing.OpenDB (a span per query)"
)

// editor holds one file being edited: its syntax tree, the names its imports
// are used under, and the changes found so far.
type editor struct {
	req   request
	fset  *token.FileSet
	file  *ast.File
	src   string
	names map[string]string // import path → name in this file ("" when not imported)
	// tracing is the name the generated package is (or will be) imported under.
	tracing  string
	edits    []textEdit
	applied  []string
	todo     []string // each change as the user would make it by hand
	unknown  []string // shapes the editor cannot wire safely
	imported bool     // the file already imports the tracing package
	drop     string   // an import path no longer used after the edit
	routed   bool     // the router's middleware is (or will be) in place
}

// edit wires the file: tracing.Init at the start of main, the server handler
// (or the router's middleware) traced, http.DefaultClient, sql.Open and gRPC
// servers and clients swapped for or given the traced ones. Every change is
// skipped when already made, so a second run changes nothing. When a shape is
// found that cannot be wired safely, the file is returned as it was, with the
// exact changes to make by hand.
func edit(req request) response {
	res := wire(req)
	if file, err := parser.ParseFile(token.NewFileSet(), "main.go", res.Source, 0); err == nil {
		e := &editor{req: req, file: file, names: importNames(file)}
		res.Listen, res.Route = e.listenAddress(), e.getRoute()
	}
	return res
}

// wire makes the edit; edit adds what the generated test needs to know.
func wire(req request) response {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "main.go", req.Source, parser.ParseComments)
	if err != nil {
		return refuse(req.Source, []string{fmt.Sprintf("main.go does not parse (%v): fix it, then run tracekit init again", err)})
	}
	e := &editor{req: req, fset: fset, file: file, src: req.Source, names: importNames(file)}
	e.tracing, e.imported = e.tracingName()
	e.setup()
	if req.Router != "" {
		e.router()
	} else {
		e.handlers()
	}
	e.client()
	if req.GRPC {
		e.grpc()
	}
	if req.SQL {
		e.sql()
	}
	if len(e.unknown) > 0 {
		return refuse(req.Source, append(e.unknown, e.instructions()...))
	}
	if len(e.edits) == 0 {
		return response{Source: req.Source, Applied: []string{}, Manual: []string{}, ServerTraced: e.serverTraced()}
	}
	e.addImports()
	out, err := format.Source([]byte(splice(e.src, e.edits)))
	if err != nil {
		// The edits are built to parse; if one does not, the user gets the list instead of a broken file.
		return refuse(req.Source, append([]string{"tracekit could not apply its edit (" + err.Error() + "); make these changes"}, e.instructions()...))
	}
	return response{Source: string(out), Applied: e.applied, Manual: []string{}, ServerTraced: e.serverTraced()}
}

// serverTraced: a handler wrapped (now or before), otelhttp, or a router's middleware.
func (e *editor) serverTraced() bool {
	return e.routed || e.served() || contains(e.applied, didHandler)
}

func refuse(src string, manual []string) response {
	return response{Source: src, Applied: []string{}, Manual: manual}
}

// instructions are the changes as lines to make by hand, imports first.
func (e *editor) instructions() []string {
	var lines []string
	if !e.imported {
		lines = append(lines, "import "+e.tracingSpec())
	}
	return append(lines, e.todo...)
}

// becomes says a change as the user would make it by hand.
func (e *editor) becomes(at token.Pos, before, after string) string {
	return fmt.Sprintf("line %d: %s becomes %s", e.line(at), before, after)
}

// change records edits, what they do (did, "" when the caller says it), and
// the same change as a line for the user (todo).
func (e *editor) change(did, todo string, edits ...textEdit) {
	e.edits = append(e.edits, edits...)
	if did != "" && !contains(e.applied, did) {
		e.applied = append(e.applied, did)
	}
	e.todo = append(e.todo, todo)
}

func (e *editor) line(p token.Pos) int { return e.fset.Position(p).Line }

func (e *editor) off(p token.Pos) int { return e.fset.Position(p).Offset }

// text is a node's source as the user wrote it.
func (e *editor) text(n ast.Node) string { return e.src[e.off(n.Pos()):e.off(n.End())] }

// isPkgSel reports whether n is pkg.Sel for the package imported from path.
func (e *editor) isPkgSel(n ast.Expr, path string, sels ...string) bool {
	s, ok := n.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := s.X.(*ast.Ident)
	if !ok || e.names[path] == "" || x.Name != e.names[path] || x.Obj != nil {
		return false
	}
	for _, sel := range sels {
		if s.Sel.Name == sel {
			return true
		}
	}
	return len(sels) == 0
}

// isTracingCall reports whether n calls one of the tracing package's functions.
func (e *editor) isTracingCall(n ast.Expr, funcs ...string) bool {
	c, ok := n.(*ast.CallExpr)
	if !ok {
		return false
	}
	s, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := s.X.(*ast.Ident)
	if !ok || !e.imported || x.Name != e.tracing {
		return false
	}
	for _, f := range funcs {
		if s.Sel.Name == f {
			return true
		}
	}
	return false
}

// calls finds every call in the file for which match is true.
func (e *editor) calls(match func(*ast.CallExpr) bool) []*ast.CallExpr {
	var found []*ast.CallExpr
	ast.Inspect(e.file, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && match(c) {
			found = append(found, c)
		}
		return true
	})
	return found
}

// setup starts main with tracing.Init and defers the returned stop. The
// SIGTERM/SIGINT flush lives in the tracing package (Init installs it), so
// main needs nothing more for its last spans to leave.
func (e *editor) setup() {
	if len(e.calls(func(c *ast.CallExpr) bool { return e.isTracingCall(c, "Init", "Setup") })) > 0 {
		return
	}
	var main *ast.FuncDecl
	for _, d := range e.file.Decls {
		if f, ok := d.(*ast.FuncDecl); ok && f.Recv == nil && f.Name.Name == "main" && f.Body != nil {
			main = f
		}
	}
	if main == nil {
		e.unknown = append(e.unknown, "this file has no func main: call tracing.Init where the service starts")
		return
	}
	ctx := e.names["context"]
	if ctx == "" {
		ctx = "context"
	}
	init := fmt.Sprintf("stopTracing := %s.Init(%s.Background())", e.tracing, ctx)
	at := e.off(main.Body.Lbrace) + 1
	todo := fmt.Sprintf("line %d, at the start of main: add %s; defer stopTracing()", e.line(main.Body.Lbrace), init)
	if e.names["context"] == "" {
		todo += ` (and import "context")`
	}
	e.change(didSetup, todo, textEdit{at, at, "\n\t" + init + "\n\tdefer stopTracing()"})
}
