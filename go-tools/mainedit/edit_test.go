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
