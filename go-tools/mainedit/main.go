// Command mainedit wires a Go service's main file to the tracing package
// tracekit generates. tracekit runs it with the service's own Go toolchain:
// it reads one JSON request on stdin and writes one JSON response on stdout,
// so the edit is made with Go's parser and printer rather than by pattern.
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

// request is what tracekit sends: the file and what the service uses.
type request struct {
	Source        string `json:"source"`
	TracingImport string `json:"tracingImport"`
	GRPC          bool   `json:"grpc"`
	SQL           bool   `json:"sql"`
	// Router ("gin", "chi", "echo", "gorilla-mux") when its middleware makes the server spans.
	Router string `json:"router"`
}

// response is the edited file (or the original one when the edit was
// refused), what was changed, and what the user must change by hand.
type response struct {
	Source  string   `json:"source"`
	Applied []string `json:"applied"`
	Manual  []string `json:"manual"`
	// ServerTraced: main.go's HTTP server requests make spans once edited (its
	// handler wrapped, a router's middleware, or otelhttp). False for a main.go
	// that builds no server here, whose handler the user wraps where it is built.
	ServerTraced bool `json:"serverTraced"`
	// Where main's server listens and a GET route it serves: what the generated
	// test needs to start main in-process and request it (nil when not found).
	Listen *listen `json:"listen"`
	Route  *route  `json:"route"`
}

func main() {
	var req request
	if err := json.NewDecoder(os.Stdin).Decode(&req); err != nil {
		fmt.Fprintln(os.Stderr, "mainedit: reading the request:", err)
		os.Exit(2)
	}
	if err := json.NewEncoder(os.Stdout).Encode(edit(req)); err != nil {
		fmt.Fprintln(os.Stderr, "mainedit: writing the response:", err)
		os.Exit(1)
	}
}
