package main

import (
	"go/ast"
	"go/token"
	"regexp"
	"strconv"
	"strings"
)

// route is a GET route main.go registers, for the generated test to request:
// the template as the router reports it (span name and http.route) and a
// path that matches it.
type route struct {
	Template string `json:"template"`
	Path     string `json:"path"`
}

// Registration methods per router, and whether their first argument is the
// HTTP method (r.Handle("GET", path) in gin, r.Method("GET", path) in chi).
// An empty method means any method; net/http patterns may carry their own.
var routeMethods = map[string]map[string]string{
	"":            {"HandleFunc": "", "Handle": ""},
	"chi":         {"Get": "GET", "HandleFunc": "", "Handle": "", "Method": "arg", "MethodFunc": "arg"},
	"gin":         {"GET": "GET", "Any": "", "Handle": "arg"},
	"echo":        {"GET": "GET", "Any": "", "Add": "arg"},
	"gorilla-mux": {"HandleFunc": "", "Handle": ""},
}

// params matches path parameters: {id} and {path...} (net/http, chi, mux), :id and *path (gin, echo).
var params = regexp.MustCompile(`\{[A-Za-z_][A-Za-z0-9_]*(\.\.\.)?\}|/[:*][A-Za-z_][A-Za-z0-9_]*`)

// getRoute is the first GET route without parameters registered on the
// router (or ServeMux) main.go builds, else the first with simple ones (filled
// with "1"); nil when there is none. Routes on groups and sub-routers are
// left out: their prefix is not in the call.
func (e *editor) getRoute() *route {
	var plain, withParams *route
	for _, c := range e.calls(func(c *ast.CallExpr) bool { return e.onRouter(c) }) {
		r := e.routeOf(c)
		if r == nil {
			continue
		}
		if r.Template == r.Path && plain == nil {
			plain = r
		} else if r.Template != r.Path && withParams == nil {
			withParams = r
		}
	}
	if plain != nil {
		return plain
	}
	return withParams
}

// onRouter: c registers a route on the router itself (a variable made by the
// router's constructor, or http.NewServeMux), or on http's default mux.
func (e *editor) onRouter(c *ast.CallExpr) bool {
	s, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	if _, known := routeMethods[e.req.Router][s.Sel.Name]; !known {
		return false
	}
	if e.req.Router == "" && e.isPkgSel(c.Fun, netHTTP) {
		return true
	}
	id, ok := s.X.(*ast.Ident)
	if !ok {
		return false
	}
	made, ok := valueOf(id).(*ast.CallExpr)
	if !ok {
		return false
	}
	if e.req.Router == "" {
		return e.isPkgSel(made.Fun, netHTTP, "NewServeMux")
	}
	rt := routers[e.req.Router]
	return e.isRouterCall(made, rt.paths, rt.constructors)
}

// routeOf reads one registration: its method and path, GET (or any) only.
func (e *editor) routeOf(c *ast.CallExpr) *route {
	method := routeMethods[e.req.Router][c.Fun.(*ast.SelectorExpr).Sel.Name]
	args := c.Args
	if method == "arg" {
		if len(args) < 1 {
			return nil
		}
		method = e.methodName(args[0])
		args = args[1:]
	}
	if len(args) < 2 {
		return nil
	}
	template := stringLit(args[0])
	if e.req.Router == "" {
		// A ServeMux pattern: "[METHOD ]/path", the path as r.Pattern reports it.
		if m, p, ok := strings.Cut(template, " "); ok {
			method, template = m, strings.TrimSpace(p)
		}
	}
	if (method != "" && method != "GET") || !strings.HasPrefix(template, "/") || e.notGet(c) {
		return nil
	}
	path := strings.ReplaceAll(template, "{$}", "")
	path = params.ReplaceAllStringFunc(path, func(p string) string {
		if strings.HasPrefix(p, "/") {
			return "/1"
		}
		return "1"
	})
	if strings.ContainsAny(path, "{}") {
		return nil // a parameter with a pattern ({id:[0-9]+}): no value is sure to match
	}
	return &route{Template: template, Path: path}
}

// notGet: gorilla/mux's r.HandleFunc(path, h).Methods("POST", ...) without GET.
func (e *editor) notGet(c *ast.CallExpr) bool {
	chained := false
	get := false
	ast.Inspect(e.file, func(n ast.Node) bool {
		m, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if s, sel := m.Fun.(*ast.SelectorExpr); sel && s.X == c && s.Sel.Name == "Methods" {
			chained = true
			for _, a := range m.Args {
				get = get || e.methodName(a) == "GET"
			}
		}
		return true
	})
	return chained && !get
}

// methodName is an HTTP method given as "GET" or http.MethodGet.
func (e *editor) methodName(x ast.Expr) string {
	if e.isPkgSel(x, netHTTP) {
		return strings.ToUpper(strings.TrimPrefix(x.(*ast.SelectorExpr).Sel.Name, "Method"))
	}
	return stringLit(x)
}

// stringLit is the value of a string literal, or "" for anything else.
func stringLit(x ast.Expr) string {
	if lit, ok := x.(*ast.BasicLit); ok && lit.Kind == token.STRING {
		s, _ := strconv.Unquote(lit.Value)
		return s
	}
	return ""
}
