import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetch } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { syntheticSentCheck } from '../../../src/doctor/checks/synthetic-sent.js';
import { resolveSettings } from '../../../src/doctor/settings.js';
import type { DoctorContext } from '../../../src/doctor/types.js';

/**
 * The synthetic-sent check against small real OTLP/HTTP servers that answer as a receiver does
 * when it rejects spans (400 with its message) or accepts part of them (an OTLP partial_success).
 */
let server: http.Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function receiver(answer: (res: http.ServerResponse, json: boolean) => void): Promise<string> {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => answer(res, String(req.headers['content-type']).includes('json')));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
}

function ctxFor(url: string): DoctorContext {
  const options = { backend: 'jaeger', endpoint: url, protocol: 'http', collector: false } as const;
  const { settings, inputs } = resolveSettings(
    { ...options, json: false, strict: false, timeoutMs: 8000, wait: false },
    {},
    {},
  );
  return {
    settings,
    inputs,
    fetch,
    now: Date.now,
    budgetMs: () => 8000,
    requestTimeoutMs: () => 3000,
    wait: false,
    state: {},
  };
}

/** ExportTraceServiceResponse{partial_success{rejected_spans: 1, error_message}} in the encoding the exporter sent. */
function partialSuccess(message: string, json: boolean): Buffer {
  if (json) return Buffer.from(JSON.stringify({ partialSuccess: { rejectedSpans: '1', errorMessage: message } }));
  const msg = Buffer.from(message);
  const inner = Buffer.concat([Buffer.from([0x08, 0x01, 0x12, msg.length]), msg]);
  return Buffer.concat([Buffer.from([0x0a, inner.length]), inner]);
}

describe('synthetic-sent reports the receiver’s own words', () => {
  it('a rejected export fails with the receiver’s message', async () => {
    const url = await receiver((res) =>
      res.writeHead(400, { 'content-type': 'text/plain' }).end('span attribute limit exceeded for tenant acme'),
    );
    const out = await syntheticSentCheck.run(ctxFor(url));
    expect(out.status).toBe('fail');
    expect(out.detail).toContain('the exporter reported failure sending to');
    expect(out.detail).toContain('Bad Request (400): span attribute limit exceeded for tenant acme');
  });

  it('a partially accepted export warns with the receiver’s message', async () => {
    const url = await receiver((res, json) =>
      res
        .writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' })
        .end(partialSuccess('1 span dropped: name too long', json)),
    );
    const ctx = ctxFor(url);
    const out = await syntheticSentCheck.run(ctx);
    expect(out.status).toBe('warn');
    expect(out.detail).toContain('1 span dropped: name too long');
    expect(ctx.state.sent?.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('an accepted export passes and hands the ids to the next check', async () => {
    const url = await receiver((res) => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
    const ctx = ctxFor(url);
    const out = await syntheticSentCheck.run(ctx);
    expect(out.status).toBe('pass');
    expect(ctx.state.sent).toMatchObject({ serviceName: 'tracekit-doctor', rootName: 'tracekit.synthetic' });
  });
});
