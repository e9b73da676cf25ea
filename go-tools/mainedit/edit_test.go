package main

import (
	"go/format"
	"strings"
	"testing"
)

// Every edit must give gofmt's own output, and a second run must change nothing:
// properties that hold for each shape, whatever the exact text.
func TestEditIsFormattedAndIdempotent(t *testing.T) {
	shapes := map[string]string{
		"literal":     "srv := &http.Server{Addr: a, Handler: mux}\n\tsrv.ListenAndServe()",
		"empty":       "srv := &http.Server{}\n\tsrv.ListenAndServe()",
		"multiline":   "srv := http.Server{\n\t\tAddr: a, // where\n\t}\n\tsrv.ListenAndServe()",
		"assignment":  "var srv http.Server\n\tsrv.Handler = mux\n\tsrv.ListenAndServe()",
		"default mux": "http.HandleFunc(\"/\", nil)\n\thttp.ListenAndServe(a, nil)",
		"tls":         "http.ListenAndServeTLS(a, c, k, http.HandlerFunc(h))",
		"client":      "_, _ = http.Get(a)\n\t_ = http.DefaultClient",
	}
	for name, body := range shapes {
		src := "package main\n\nimport \"net/http\"\n\nvar a, c, k string\nvar mux = http.NewServeMux()\n\n" +
			"func h(http.ResponseWriter, *http.Request) {}\n\nfunc main() {\n\t" + body + "\n}\n"
		req := request{Source: src, TracingImport: "example.com/app/internal/tracing"}
		first := edit(req)
		if len(first.Manual) > 0 || len(first.Applied) == 0 {
			t.Fatalf("%s: applied %v, manual %v", name, first.Applied, first.Manual)
		}
		formatted, err := format.Source([]byte(first.Source))
		if err != nil || string(formatted) != first.Source {
			t.Errorf("%s: not gofmt's output (%v):\n%s", name, err, first.Source)
		}
		if !strings.Contains(first.Source, "tracing.HTTP") {
			t.Errorf("%s: nothing traced:\n%s", name, first.Source)
		}
		req.Source = first.Source
		if second := edit(req); second.Source != first.Source || len(second.Applied) > 0 {
			t.Errorf("%s: a second run changed it (%v):\n%s", name, second.Applied, second.Source)
		}
	}
}

// A router's middleware goes right after the router is made, the handler it
// serves is not wrapped too (two server spans a request), and the edit is
// gofmt's output and happens once.
func TestRouterMiddlewareOnce(t *testing.T) {
	shapes := []struct{ router, path, made, serve, use string }{
		{"gin", "github.com/gin-gonic/gin", "r := gin.Default()", "r.Run(a)", "r.Use(tracing.GinMiddleware())"},
		{"chi", "github.com/go-chi/chi/v5", "r := chi.NewRouter()", "http.ListenAndServe(a, r)", "r.Use(tracing.ChiMiddleware)"},
		{"echo", "github.com/labstack/echo/v4", "e := echo.New()", "e.Start(a)", "e.Use(tracing.EchoMiddleware())"},
		{"gorilla-mux", "github.com/gorilla/mux", "r := mux.NewRouter()", "http.ListenAndServe(a, r)", "r.Use(tracing.MuxMiddleware)"},
	}
	for _, s := range shapes {
		src := "package main\n\nimport (\n\t\"net/http\"\n\n\t\"" + s.path + "\"\n)\n\nvar a string\n\n" +
			"func main() {\n\t" + s.made + "\n\t_ = http.DefaultClient\n\t" + s.serve + "\n}\n"
		req := request{Source: src, TracingImport: "example.com/app/internal/tracing", Router: s.router}
		first := edit(req)
		if len(first.Manual) > 0 || !first.ServerTraced {
			t.Fatalf("%s: manual %v, server traced %v", s.router, first.Manual, first.ServerTraced)
		}
		if !strings.Contains(first.Source, "\t"+s.made+"\n\t"+s.use+"\n") || strings.Contains(first.Source, "HTTPHandler") {
			t.Errorf("%s: not %s alone after %s:\n%s", s.router, s.use, s.made, first.Source)
		}
		if formatted, err := format.Source([]byte(first.Source)); err != nil || string(formatted) != first.Source {
			t.Errorf("%s: not gofmt's output (%v):\n%s", s.router, err, first.Source)
		}
		req.Source = first.Source
		if second := edit(req); second.Source != first.Source || len(second.Applied) > 0 {
			t.Errorf("%s: a second run changed it (%v):\n%s", s.router, second.Applied, second.Source)
		}
	}
}

// A router made in another file is refused, naming the line to add by hand.
func TestRouterMadeElsewhere(t *testing.T) {
	src := "package main\n\nimport \"net/http\"\n\nfunc main() {\n\thttp.ListenAndServe(\":1\", routes())\n}\n"
	got := edit(request{Source: src, TracingImport: "example.com/app/internal/tracing", Router: "echo"})
	want := "no `e := echo.New()` in this file: add tracing.EchoMiddleware() as the first middleware of your echo " +
		"router: e.Use(tracing.EchoMiddleware())"
	if got.Source != src || len(got.Manual) == 0 || got.Manual[0] != want {
		t.Errorf("manual %q, want first %q", got.Manual, want)
	}
}
