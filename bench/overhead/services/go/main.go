// The overhead benchmark's Go service: POST /work parses a JSON body, does a fixed amount of
// CPU work (about 1 ms on the bench machine) and makes one outgoing HTTP call to DOWNSTREAM_URL.
// Plain code, no tracing: `tracekit init` adds it.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"os"
	"strconv"
)

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// Fixed work, not a timed loop: every config does the same CPU work per request (the default
// rounds take about 1 ms of CPU on the bench machine: sha256 costs differ per language).
func work(seed []byte, rounds int) string {
	h := sha256.Sum256(seed)
	for i := 0; i < rounds; i++ {
		h = sha256.Sum256(append(h[:], seed...))
	}
	return hex.EncodeToString(h[:])
}

func main() {
	addr := envOr("ADDR", "127.0.0.1:3000")
	downstream := envOr("DOWNSTREAM_URL", "http://127.0.0.1:3001/")
	rounds, err := strconv.Atoi(envOr("WORK_ROUNDS", "3500"))
	if err != nil {
		log.Fatal(err)
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	})
	mux.HandleFunc("POST /work", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Items []map[string]any `json:"items"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		seed, _ := json.Marshal(body.Items)
		digest := work(seed, rounds)
		req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, downstream, nil)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer res.Body.Close()
		var stock any
		if err := json.NewDecoder(res.Body).Decode(&stock); err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"digest": digest, "items": len(body.Items), "stock": stock})
	})
	log.Printf("listening on %s", addr)
	log.Fatal(http.ListenAndServe(addr, mux))
}
