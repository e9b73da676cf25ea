"""Python side of bench/redaction.js: argv = [folder of redaction.py, spans, attributes JSON]."""

import json
import sys
import time

sys.path.insert(0, sys.argv[1])
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider  # noqa: E402
from redaction import _redacted  # noqa: E402

COUNT = int(sys.argv[2])
SETS = json.loads(sys.argv[3])
ended = []


class Collect(SpanProcessor):
    def on_end(self, span):
        ended.append(span)


provider = TracerProvider()
provider.add_span_processor(Collect())
tracer = provider.get_tracer("bench")


def make_spans(attributes):
    ended.clear()
    t0 = time.perf_counter_ns()
    for _ in range(COUNT):
        span = tracer.start_span("GET /users/:email", attributes=attributes)
        span.add_event("lookup", {"lookup.contact": attributes.get("user.email", "n/a"), "lookup.source": "cache"})
        span.end()
    return (time.perf_counter_ns() - t0) / COUNT


def redact_all():
    t0 = time.perf_counter_ns()
    for span in ended:
        _redacted(span)
    return (time.perf_counter_ns() - t0) / COUNT


result = {}
for name, attributes in SETS.items():
    make_spans(attributes)  # warm-up
    redact_all()
    result[name] = {"spanNs": make_spans(attributes), "redactNs": redact_all()}
print(json.dumps(result))
