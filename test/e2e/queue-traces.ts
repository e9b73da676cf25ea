import { expect } from 'vitest';
import { hexId, type OtlpResourceSpans } from '../../src/otel/otlp-json.js';
import type { RunningBackend } from '../support/backends.js';

type SpanWithLinks = { spanId?: string; links?: { spanId?: string }[] };

/**
 * The links of each span of a trace (span id → linked span ids), read from Jaeger's OTLP JSON:
 * FoundSpan has no links, and a consumer span that starts its own trace (confluent-kafka's)
 * reaches its producer only through one.
 */
export async function linksOf(jaeger: RunningBackend, traceId: string): Promise<Map<string, string[]>> {
  const res = await fetch(`${jaeger.queryUrl}/api/v3/traces/${traceId}`, { signal: AbortSignal.timeout(10_000) });
  expect(res.status).toBe(200);
  const body = (await res.json()) as {
    result: { resourceSpans: (OtlpResourceSpans & { scopeSpans?: { spans?: SpanWithLinks[] }[] })[] };
  };
  const out = new Map<string, string[]>();
  for (const rs of body.result.resourceSpans)
    for (const ss of rs.scopeSpans ?? [])
      for (const sp of ss.spans ?? [])
        out.set(
          hexId(sp.spanId)!,
          (sp.links ?? []).map((l) => hexId(l.spanId)!),
        );
  return out;
}
