package main

import (
	"go/ast"
	"go/token"
	"strconv"
)

// listen is where main's HTTP server listens, as the generated test needs it
// to start main in-process on a free port: an environment variable holding
// the address (or only the port), or a literal address.
type listen struct {
	Env      string `json:"env,omitempty"`
	PortOnly bool   `json:"portOnly,omitempty"`
	Address  string `json:"address,omitempty"`
}

// listenAddress finds the address of the first server main.go starts:
// http.ListenAndServe(addr, h), an http.Server{Addr: addr} started with
// ListenAndServe, gin's r.Run(addr) (PORT when called without one) or echo's
// e.Start(addr); addr followed through local variables to os.Getenv or a
// string literal. nil when main.go does not say (TLS, a listener, a flag).
func (e *editor) listenAddress() *listen {
	var found *listen
	ast.Inspect(e.file, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok || found != nil {
			return found == nil
		}
		switch {
		case e.isPkgSel(c.Fun, netHTTP, "ListenAndServe") && len(c.Args) == 2:
			found = e.address(c.Args[0], 0)
		case isMethod(c, "ListenAndServe") && len(c.Args) == 0:
			found = e.serverAddr(c.Fun.(*ast.SelectorExpr).X)
		case e.req.Router == "gin" && isMethod(c, "Run") && len(c.Args) == 0:
			found = &listen{Env: "PORT", PortOnly: true} // gin's documented default
		case (e.req.Router == "gin" && isMethod(c, "Run") || e.req.Router == "echo" && isMethod(c, "Start")) &&
			len(c.Args) == 1:
			found = e.address(c.Args[0], 0)
		}
		return found == nil
	})
	return found
}

// serverAddr is the Addr field of the http.Server literal x is (or names).
func (e *editor) serverAddr(x ast.Expr) *listen {
	lit := e.serverLiteral(x)
	if id, ok := x.(*ast.Ident); ok && lit == nil {
		lit = e.serverLiteral(valueOf(id))
	}
	if lit == nil {
		return nil
	}
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok && isIdent(kv.Key, "Addr") {
			return e.address(kv.Value, 0)
		}
	}
	return nil
}

// address follows x to os.Getenv("NAME"), ":" + os.Getenv("PORT") or a string
// literal, through at most a few `name := ...` variables.
func (e *editor) address(x ast.Expr, depth int) *listen {
	if depth > 3 || x == nil {
		return nil
	}
	switch x := x.(type) {
	case *ast.BasicLit:
		if s, err := strconv.Unquote(x.Value); err == nil && x.Kind == token.STRING {
			return &listen{Address: s}
		}
	case *ast.CallExpr:
		if e.isPkgSel(x.Fun, "os", "Getenv") && len(x.Args) == 1 {
			if lit, ok := x.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				name, _ := strconv.Unquote(lit.Value)
				return &listen{Env: name}
			}
		}
	case *ast.BinaryExpr:
		if lit, ok := x.X.(*ast.BasicLit); ok && x.Op == token.ADD && lit.Value == `":"` {
			if l := e.address(x.Y, depth+1); l != nil && l.Env != "" {
				return &listen{Env: l.Env, PortOnly: true}
			}
		}
	case *ast.Ident:
		return e.address(valueOf(x), depth+1)
	}
	return nil
}

// valueOf is the value a local variable was declared with (`x := v`, `var x = v`).
func valueOf(id *ast.Ident) ast.Expr {
	if id.Obj == nil {
		return nil
	}
	switch d := id.Obj.Decl.(type) {
	case *ast.AssignStmt:
		for i, l := range d.Lhs {
			if isIdent(l, id.Name) && len(d.Rhs) == len(d.Lhs) {
				return d.Rhs[i]
			}
		}
	case *ast.ValueSpec:
		for i, n := range d.Names {
			if n.Name == id.Name && i < len(d.Values) {
				return d.Values[i]
			}
		}
	}
	return nil
}
