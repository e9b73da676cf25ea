package tracing

// Go side of bench/redaction.js, run with `go test -run TestBench` in a module holding the
// generated redact.go; BENCH_SPANS and BENCH_SETS (JSON attribute sets) come from the driver.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

type collect struct{ ended []sdktrace.ReadOnlySpan }

func (c *collect) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (c *collect) OnEnd(s sdktrace.ReadOnlySpan)                   { c.ended = append(c.ended, s) }
func (c *collect) Shutdown(context.Context) error                  { return nil }
func (c *collect) ForceFlush(context.Context) error                { return nil }

func attrs(m map[string]any) []attribute.KeyValue {
	var out []attribute.KeyValue
	for k, v := range m {
		switch v := v.(type) {
		case string:
			out = append(out, attribute.String(k, v))
		case float64:
			out = append(out, attribute.Int(k, int(v)))
		}
	}
	return out
}

func TestBench(t *testing.T) {
	count, _ := strconv.Atoi(os.Getenv("BENCH_SPANS"))
	var sets map[string]map[string]any
	if err := json.Unmarshal([]byte(os.Getenv("BENCH_SETS")), &sets); err != nil {
		t.Fatal(err)
	}
	c := &collect{}
	tracer := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(c)).Tracer("bench")
	result := map[string]map[string]float64{}
	for name, set := range sets {
		kv := attrs(set)
		email, _ := set["user.email"].(string)
		makeSpans := func() float64 {
			c.ended = c.ended[:0]
			t0 := time.Now()
			for i := 0; i < count; i++ {
				_, span := tracer.Start(context.Background(), "GET /users/:email", trace.WithAttributes(kv...))
				span.AddEvent("lookup", trace.WithAttributes(attribute.String("lookup.contact", email), attribute.String("lookup.source", "cache")))
				span.End()
			}
			return float64(time.Since(t0).Nanoseconds()) / float64(count)
		}
		redactAll := func() float64 {
			t0 := time.Now()
			for _, s := range c.ended {
				redact(s)
			}
			return float64(time.Since(t0).Nanoseconds()) / float64(count)
		}
		makeSpans()
		redactAll()
		result[name] = map[string]float64{"spanNs": makeSpans(), "redactNs": redactAll()}
	}
	out, _ := json.Marshal(result)
	fmt.Println("BENCH " + string(out))
}
