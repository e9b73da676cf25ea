package main

import (
	"fmt"
	"go/ast"
	"go/token"
)

const netHTTP = "net/http"

// Package-level functions that serve a handler, and the index of the handler argument.
var serveFuncs = map[string]int{"ListenAndServe": 1, "ListenAndServeTLS": 3, "Serve": 1, "ServeTLS": 1}

// servers are the http.Server values main.go builds: the variables holding
// them and the literals, so their Handler (field or assignment) can be traced.
type servers struct {
	vars     map[string]bool // variables holding an http.Server or *http.Server
	literals map[*ast.CompositeLit]string
	assigned map[string]bool // variables given a Handler by assignment
}

// handlers wraps every handler an HTTP server serves with tracing.HTTPHandler:
// the handler argument of http.ListenAndServe(TLS) and http.Serve(TLS) (nil
// meaning the default mux that http.Handle and http.HandleFunc fill), the
// Handler field of http.Server literals, and `srv.Handler = h` assignments.
// A server started whose handler cannot be found makes the edit refuse.
func (e *editor) handlers() {
	// Without net/http imported here a server may still start here (built in another file).
	http := e.names[netHTTP]
	if e.served() {
		return
	}
	s := e.findServers()
	for _, c := range e.calls(func(c *ast.CallExpr) bool { return e.isPkgSel(c.Fun, netHTTP) }) {
		if i, ok := serveFuncs[c.Fun.(*ast.SelectorExpr).Sel.Name]; ok && len(c.Args) > i {
			e.wrap(c.Args[i])
		}
	}
	for lit, name := range s.literals {
		e.wrapLiteral(lit, name, s)
	}
	ast.Inspect(e.file, func(n ast.Node) bool {
		a, ok := n.(*ast.AssignStmt)
		if !ok || len(a.Lhs) != len(a.Rhs) {
			return true
		}
		for i, l := range a.Lhs {
			if sel, ok := l.(*ast.SelectorExpr); ok && sel.Sel.Name == "Handler" {
				if x, ok := sel.X.(*ast.Ident); ok && s.vars[x.Name] {
					e.wrap(a.Rhs[i])
				}
			}
		}
		return true
	})
	for _, c := range e.calls(func(c *ast.CallExpr) bool {
		return isMethod(c, "ListenAndServe", "ListenAndServeTLS") && !e.isPkgSel(c.Fun, netHTTP)
	}) {
		x, ok := c.Fun.(*ast.SelectorExpr).X.(*ast.Ident)
		if ok && s.vars[x.Name] && (s.assigned[x.Name] || hasLiteral(s, x.Name)) {
			continue
		}
		if ok && s.vars[x.Name] {
			e.unknown = append(e.unknown, fmt.Sprintf("line %d: %s serves the default mux without a Handler: "+
				"set %s.Handler = %s.HTTPHandler(%s.DefaultServeMux) before it starts",
				e.line(c.Pos()), e.text(c), x.Name, e.tracing, http))
			continue
		}
		if !isLiteralReceiver(c) {
			e.unknown = append(e.unknown, fmt.Sprintf("line %d: %s starts a server whose handler tracekit cannot "+
				"find in this file: wrap that handler where it is built, Handler: %s.HTTPHandler(h)",
				e.line(c.Pos()), e.text(c), e.tracing))
		}
	}
}

// served reports whether requests are already traced: by an earlier run or
// the user (tracing.HTTPHandler), or by otelhttp itself (a second server span
// per request would follow).
func (e *editor) served() bool {
	if e.names["go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"] != "" {
		return true
	}
	return len(e.calls(func(c *ast.CallExpr) bool { return e.isTracingCall(c, "HTTPHandler") })) > 0
}

// findServers collects http.Server literals and the variables that hold servers.
func (e *editor) findServers() servers {
	s := servers{vars: map[string]bool{}, literals: map[*ast.CompositeLit]string{}, assigned: map[string]bool{}}
	bind := func(name string, value ast.Expr) {
		if lit := e.serverLiteral(value); lit != nil {
			s.literals[lit] = name
			s.vars[name] = true
		}
		if c, ok := value.(*ast.CallExpr); ok && isIdent(c.Fun, "new") && len(c.Args) == 1 &&
			e.isPkgSel(c.Args[0], netHTTP, "Server") {
			s.vars[name] = true
		}
	}
	ast.Inspect(e.file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok && len(n.Rhs) == len(n.Lhs) {
					bind(id.Name, n.Rhs[i])
				}
				if sel, ok := l.(*ast.SelectorExpr); ok && sel.Sel.Name == "Handler" {
					if x, ok := sel.X.(*ast.Ident); ok {
						s.assigned[x.Name] = true
					}
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if i < len(n.Values) {
					bind(id.Name, n.Values[i])
				} else if n.Type != nil && (e.isPkgSel(n.Type, netHTTP, "Server") || e.isPkgSel(star(n.Type), netHTTP, "Server")) {
					s.vars[id.Name] = true
				}
			}
		case *ast.CompositeLit:
			if e.isPkgSel(n.Type, netHTTP, "Server") {
				if _, named := s.literals[n]; !named {
					s.literals[n] = ""
				}
			}
		}
		return true
	})
	return s
}

// serverLiteral is the http.Server literal of `http.Server{...}` or `&http.Server{...}`.
func (e *editor) serverLiteral(x ast.Expr) *ast.CompositeLit {
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x = u.X
	}
	if lit, ok := x.(*ast.CompositeLit); ok && e.isPkgSel(lit.Type, netHTTP, "Server") {
		return lit
	}
	return nil
}

// wrapLiteral wraps a literal's Handler field, or gives it one (the default
// mux, which a server without a Handler serves) unless an assignment sets it.
func (e *editor) wrapLiteral(lit *ast.CompositeLit, name string, s servers) {
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			e.unknown = append(e.unknown, fmt.Sprintf("line %d: an http.Server literal without field names: "+
				"write Handler: %s.HTTPHandler(h) in it", e.line(lit.Pos()), e.tracing))
			return
		}
		if isIdent(kv.Key, "Handler") {
			e.wrap(kv.Value)
			return
		}
	}
	if name != "" && s.assigned[name] {
		return
	}
	field := fmt.Sprintf("Handler: %s.HTTPHandler(%s.DefaultServeMux)", e.tracing, e.names[netHTTP])
	var ed textEdit
	switch n := len(lit.Elts); {
	case n == 0:
		at := e.off(lit.Lbrace) + 1
		ed = textEdit{at, at, field}
	case e.line(lit.Rbrace) > e.line(lit.Elts[n-1].End()):
		at := e.off(lit.Elts[n-1].End())
		ed = textEdit{at, at, ",\n" + field} // the last field's own comma follows
	default:
		at := e.off(lit.Elts[n-1].End())
		ed = textEdit{at, at, ", " + field}
	}
	e.change(didHandler, e.becomes(lit.Pos(), "the http.Server literal", "one with "+field), ed)
}

// wrap puts a handler expression inside tracing.HTTPHandler(...); nil is the default mux.
func (e *editor) wrap(h ast.Expr) {
	if e.isTracingCall(h, "HTTPHandler") {
		return
	}
	if isIdent(h, "nil") {
		after := fmt.Sprintf("%s.HTTPHandler(%s.DefaultServeMux)", e.tracing, e.names[netHTTP])
		e.change(didHandler, e.becomes(h.Pos(), "nil", after), textEdit{e.off(h.Pos()), e.off(h.End()), after})
		return
	}
	before := e.text(h)
	e.change(didHandler, e.becomes(h.Pos(), before, fmt.Sprintf("%s.HTTPHandler(%s)", e.tracing, before)),
		textEdit{e.off(h.Pos()), e.off(h.Pos()), e.tracing + ".HTTPHandler("},
		textEdit{e.off(h.End()), e.off(h.End()), ")"})
}

func hasLiteral(s servers, name string) bool {
	for _, n := range s.literals {
		if n == name {
			return true
		}
	}
	return false
}

// isLiteralReceiver: `(&http.Server{...}).ListenAndServe()`, whose literal is wrapped itself.
func isLiteralReceiver(c *ast.CallExpr) bool {
	x := c.Fun.(*ast.SelectorExpr).X
	if p, ok := x.(*ast.ParenExpr); ok {
		x = p.X
	}
	if u, ok := x.(*ast.UnaryExpr); ok {
		x = u.X
	}
	_, ok := x.(*ast.CompositeLit)
	return ok
}

func isMethod(c *ast.CallExpr, names ...string) bool {
	s, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	for _, n := range names {
		if s.Sel.Name == n {
			return true
		}
	}
	return false
}

func isIdent(x ast.Expr, name string) bool {
	id, ok := x.(*ast.Ident)
	return ok && id.Name == name
}

func star(x ast.Expr) ast.Expr {
	if s, ok := x.(*ast.StarExpr); ok {
		return s.X
	}
	return nil
}
