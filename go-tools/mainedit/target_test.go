package main

import "testing"

// The listen address and GET route the generated test drives main with,
// for the shapes services write them in.
func TestListenAndRoute(t *testing.T) {
	cases := []struct {
		name, router, imports, body string
		want                        listen
		template, path              string
	}{
		{"env address", "", `"net/http"; "os"`, "addr := os.Getenv(\"ADDR\")\n\tmux := http.NewServeMux()\n\t" +
			"mux.HandleFunc(\"POST /o\", nil)\n\tmux.HandleFunc(\"GET /orders/{sku}\", nil)\n\thttp.ListenAndServe(addr, mux)",
			listen{Env: "ADDR"}, "/orders/{sku}", "/orders/1"},
		{"port with default", "", `"net/http"; "os"`, "port := os.Getenv(\"PORT\")\n\tif port == \"\" {\n\t\tport = \"8080\"\n\t}\n\t" +
			"http.HandleFunc(\"/healthz\", nil)\n\tsrv := &http.Server{Addr: \":\" + port}\n\tsrv.ListenAndServe()",
			listen{Env: "PORT", PortOnly: true}, "/healthz", "/healthz"},
		{"literal", "", `"net/http"`, "http.Handle(\"/{$}\", nil)\n\thttp.ListenAndServe(\":8080\", nil)",
			listen{Address: ":8080"}, "/{$}", "/"},
		{"gin default", "gin", `"github.com/gin-gonic/gin"`, "r := gin.New()\n\tr.GET(\"/items/:id\", nil)\n\tr.Run()",
			listen{Env: "PORT", PortOnly: true}, "/items/:id", "/items/1"},
		{"chi group left out", "chi", `"net/http"; "os"; "github.com/go-chi/chi/v5"`,
			"r := chi.NewRouter()\n\tr.Route(\"/api\", func(r chi.Router) { r.Get(\"/x\", nil) })\n\t" +
				"r.Get(\"/items/{id}\", nil)\n\thttp.ListenAndServe(os.Getenv(\"ADDR\"), r)",
			listen{Env: "ADDR"}, "/items/{id}", "/items/1"},
		{"mux methods", "gorilla-mux", `"net/http"; "os"; "github.com/gorilla/mux"`,
			"r := mux.NewRouter()\n\tr.HandleFunc(\"/a\", nil).Methods(\"POST\")\n\tr.HandleFunc(\"/b\", nil).Methods(http.MethodGet)\n\t" +
				"http.ListenAndServe(os.Getenv(\"ADDR\"), r)",
			listen{Env: "ADDR"}, "/b", "/b"},
	}
	for _, c := range cases {
		src := "package main\n\nimport (" + c.imports + ")\n\nfunc main() {\n\t" + c.body + "\n}\n"
		res := edit(request{Source: src, TracingImport: "example.com/app/internal/tracing", Router: c.router})
		if res.Listen == nil || *res.Listen != c.want {
			t.Errorf("%s: listen %+v, want %+v", c.name, res.Listen, c.want)
		}
		if res.Route == nil || res.Route.Template != c.template || res.Route.Path != c.path {
			t.Errorf("%s: route %+v, want %s %s", c.name, res.Route, c.template, c.path)
		}
	}
}

// A server main.go does not say the address of (a listener) gets no test target.
func TestNoListenAddress(t *testing.T) {
	src := "package main\n\nimport (\"net\"; \"net/http\")\n\nfunc main() {\n\tln, _ := net.Listen(\"tcp\", \":0\")\n\t" +
		"http.Serve(ln, nil)\n}\n"
	if res := edit(request{Source: src, TracingImport: "example.com/app/internal/tracing"}); res.Listen != nil {
		t.Errorf("listen %+v, want none", res.Listen)
	}
}
