package main

import (
	"fmt"
	"go/ast"
	"strings"
)

// routers: the constructors of a router whose middleware makes the server
// spans, and the middleware (the handler is then not wrapped a second time);
// title and made are how the messages name the router and its making.
var routers = map[string]struct {
	paths        []string
	constructors []string
	middleware   string
	title, made  string
}{
	"gin": {[]string{"github.com/gin-gonic/gin"}, []string{"Default", "New"}, "GinMiddleware()", "gin", "r := gin.Default()"},
	"chi": {
		[]string{"github.com/go-chi/chi/v5", "github.com/go-chi/chi"}, []string{"NewRouter", "NewMux"}, "ChiMiddleware",
		"chi", "r := chi.NewRouter()",
	},
	// echo runs e.Use middleware after routing, so the route template is known when the span starts.
	"echo": {[]string{"github.com/labstack/echo/v4"}, []string{"New"}, "EchoMiddleware()", "echo", "e := echo.New()"},
	"gorilla-mux": {
		[]string{"github.com/gorilla/mux"}, []string{"NewRouter"}, "MuxMiddleware", "gorilla/mux", "r := mux.NewRouter()",
	},
}

// router adds `r.Use(tracing.<Middleware>)` right after `r := gin.Default()`,
// `r := chi.NewRouter()`, `e := echo.New()` or `r := mux.NewRouter()` (chi
// refuses middleware added after a route).
func (e *editor) router() {
	rt := routers[e.req.Router]
	use := e.tracing + "." + rt.middleware
	if len(e.calls(func(c *ast.CallExpr) bool { return isMethod(c, "Use") && e.usesMiddleware(c) })) > 0 {
		e.routed = true
		return
	}
	made := false
	ast.Inspect(e.file, func(n ast.Node) bool {
		a, ok := n.(*ast.AssignStmt)
		if !ok || len(a.Lhs) != 1 || len(a.Rhs) != 1 {
			return true
		}
		c, ok := a.Rhs[0].(*ast.CallExpr)
		id, named := a.Lhs[0].(*ast.Ident)
		if !ok || !named || !e.isRouterCall(c, rt.paths, rt.constructors) {
			return true
		}
		line := fmt.Sprintf("%s.Use(%s)", id.Name, use)
		at := e.off(a.End())
		e.change(fmt.Sprintf("trace every request the %s router serves with tracing.%s", rt.title, rt.middleware),
			fmt.Sprintf("line %d: after %s add %s", e.line(a.Pos()), e.text(a), line), textEdit{at, at, "\n\t" + line})
		made = true
		return true
	})
	e.routed = made
	if !made {
		router := strings.Fields(rt.made)[0]
		e.unknown = append(e.unknown, fmt.Sprintf("no `%s` in this file: add %s as the first middleware "+
			"of your %s router: %s.Use(%s)", rt.made, use, rt.title, router, use))
	}
}

func (e *editor) isRouterCall(c *ast.CallExpr, paths, constructors []string) bool {
	for _, p := range paths {
		if e.isPkgSel(c.Fun, p, constructors...) {
			return true
		}
	}
	return false
}

// usesMiddleware: c passes one of the routers' tracing middleware, called
// (tracing.GinMiddleware()) or as a value (tracing.ChiMiddleware).
func (e *editor) usesMiddleware(c *ast.CallExpr) bool {
	for _, a := range c.Args {
		for _, rt := range routers {
			name, called := strings.CutSuffix(rt.middleware, "()")
			if called && e.isTracingCall(a, name) {
				return true
			}
			if s, ok := a.(*ast.SelectorExpr); ok && !called && isIdent(s.X, e.tracing) && s.Sel.Name == name {
				return true
			}
		}
	}
	return false
}

// client sends the package-level http.Get/Head/Post/PostForm and
// http.DefaultClient through tracing.HTTPClient.
func (e *editor) client() {
	ast.Inspect(e.file, func(n ast.Node) bool {
		if a, ok := n.(*ast.AssignStmt); ok {
			// `http.DefaultClient = ...` sets the client: it stays as written.
			for _, l := range a.Lhs {
				if e.isPkgSel(l, netHTTP, "DefaultClient") {
					return false
				}
			}
		}
		s, ok := n.(*ast.SelectorExpr)
		if !ok || !e.isPkgSel(s, netHTTP, "DefaultClient", "Get", "Head", "Post", "PostForm") {
			return true
		}
		after := e.tracing + ".HTTPClient"
		if s.Sel.Name != "DefaultClient" {
			after += "." + s.Sel.Name
		}
		e.change(didClient, e.becomes(s.Pos(), e.text(s), after), textEdit{e.off(s.Pos()), e.off(s.End()), after})
		return false
	})
}

const grpcPath = "google.golang.org/grpc"

// grpc gives gRPC servers and clients the stats handler option; a spread
// `opts...` becomes `append(opts, option)...`.
func (e *editor) grpc() {
	options := map[string]string{
		"NewServer": "GRPCServerOption", "NewClient": "GRPCDialOption", "Dial": "GRPCDialOption",
		"DialContext": "GRPCDialOption",
	}
	var done []string
	for _, c := range e.calls(func(c *ast.CallExpr) bool {
		return e.isPkgSel(c.Fun, grpcPath, "NewServer", "NewClient", "Dial", "DialContext")
	}) {
		name := c.Fun.(*ast.SelectorExpr).Sel.Name
		option := e.tracing + "." + options[name] + "()"
		traced := false
		for _, a := range c.Args {
			traced = traced || e.isTracingCall(a, options[name])
			if inner, ok := a.(*ast.CallExpr); ok && isIdent(inner.Fun, "append") {
				for _, b := range inner.Args {
					traced = traced || e.isTracingCall(b, options[name])
				}
			}
		}
		if traced {
			continue
		}
		var eds []textEdit
		switch n := len(c.Args); {
		case n == 0:
			at := e.off(c.Lparen) + 1
			eds = []textEdit{{at, at, option}}
		case c.Ellipsis.IsValid():
			last := c.Args[n-1]
			eds = []textEdit{{e.off(last.Pos()), e.off(last.Pos()), "append("}, {e.off(last.End()), e.off(last.End()), ", " + option + ")"}}
		default:
			at := e.off(c.Args[n-1].End())
			eds = []textEdit{{at, at, ", " + option}}
		}
		did := fmt.Sprintf("grpc.%s with tracing.%s()", name, options[name])
		e.change("", e.becomes(c.Pos(), e.text(c), "the same call with "+option+" among its options"), eds...)
		if !contains(done, did) {
			done = append(done, did)
		}
	}
	if len(done) > 0 {
		e.applied = append(e.applied, "trace "+strings.Join(done, ", "))
	}
}

const sqlPath = "database/sql"

// sql opens databases with tracing.OpenDB (same arguments and results) and
// drops the database/sql import when that was its only use.
func (e *editor) sql() {
	opens := e.calls(func(c *ast.CallExpr) bool { return e.isPkgSel(c.Fun, sqlPath, "Open") })
	if len(opens) == 0 {
		return
	}
	after := e.tracing + ".OpenDB"
	for _, c := range opens {
		e.change(didSQL, e.becomes(c.Pos(), e.text(c.Fun), after), textEdit{e.off(c.Fun.Pos()), e.off(c.Fun.End()), after})
	}
	uses := 0
	ast.Inspect(e.file, func(n ast.Node) bool {
		if s, ok := n.(*ast.SelectorExpr); ok && e.isPkgSel(s, sqlPath) {
			uses++
		}
		return true
	})
	if uses > len(opens) {
		return
	}
	// An unused import does not compile.
	e.drop = sqlPath
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
