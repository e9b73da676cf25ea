import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { backendById } from '../../src/backends/registry.js';
import type { StartCommand } from '../../src/languages/language.js';
import { findTrace } from '../../src/otel/find-trace.js';
import type { FoundSpan } from '../../src/otel/trace-model.js';
import { backendCli } from '../support/backend-cli.js';
import { type RunningBackend, startCollector, startJaeger } from '../support/backends.js';
import { newTraceparent } from '../support/go-service.js';
import { freePort } from '../support/ports.js';
import { type RunningProcess, startProcess } from '../support/processes.js';

/**
 * The redaction e2e of every language (test/e2e/redaction-<lang>.test.ts): a fixture service
 * instrumented by the built CLI with `--redact app.customer`, one request carrying personal data
 * in its route parameter, User-Agent header and query, a manual span with an attribute in the
 * list, an event and a recorded exception; the trace read back from the real Jaeger, straight
 * from the SDK and through a Collector running the redaction processor tracekit generates.
 */

export const REDACT_ARGS = ['--redact', 'app.customer'];

const SECRETS = {
  routeEmail: 'alice@example.com',
  headerEmail: 'carol@example.com',
  token: 's3cr3t-tok3n',
  customer: 'cust-42',
};

/** Where a masked value may appear: the keys the request and the fixture fill with personal data. */
const MASKABLE_KEYS = new Set([
  'url.full',
  'url.path',
  'url.query',
  'http.target',
  'http.url',
  'user_agent.original',
  'http.user_agent',
  'user.email',
  'app.customer',
  'lookup.contact',
  'exception.message',
  // The recorded exception's stack trace repeats its message.
  'exception.stacktrace',
]);

export interface ServiceSetup {
  dir: string;
  /** init's --json start command, run verbatim. */
  start: StartCommand[];
  /** How the service is told where to listen, and anything else its runtime needs. */
  env: (port: number) => Record<string, string>;
  cleanup?: () => void | Promise<void>;
}

export interface RedactionRun {
  jaeger: RunningBackend;
  collector: RunningBackend;
  service: ServiceSetup;
}

/** Jaeger, the service (instrumented by `setup`), and a Collector with tracekit's redaction processor. */
export function useRedactionRun(setup: (jaeger: RunningBackend) => Promise<ServiceSetup>): RedactionRun {
  const run = {} as RedactionRun;
  beforeAll(async () => {
    run.jaeger = await startJaeger();
    run.service = await setup(run.jaeger);
    run.collector = await startCollector({
      exportTo: run.jaeger,
      processors: { redaction: await generatedRedaction(run.service.dir) },
    });
  }, 900_000);
  afterAll(async () => {
    await Promise.all([run.collector?.stop(), run.jaeger?.stop()]);
    await run.service?.cleanup?.();
  });
  return run;
}

/** The redaction processor of the Collector config `backend up --collector` writes from tracekit.yaml. */
async function generatedRedaction(dir: string): Promise<unknown> {
  const r = await backendCli(dir, ['backend', 'up', '--collector', '--runtime', 'process', '--write-only']);
  expect(r.exitCode, r.stderr).toBe(0);
  const config = parse(readFileSync(path.join(dir, 'tracing', 'collector', 'config.yaml'), 'utf8'));
  expect(config.processors.redaction).toBeDefined();
  return config.processors.redaction;
}

/** Starts the service with init's command, exporting to `otlpHttp` through OTEL_EXPORTER_OTLP_ENDPOINT. */
async function startService(run: RedactionRun, otlpHttp: string): Promise<{ base: string; proc: RunningProcess }> {
  const { service } = run;
  const [command, ...args] = service.start[0]!.argv;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = await startProcess({
    name: path.basename(service.dir),
    command: command!,
    args,
    cwd: path.join(service.dir, service.start[0]!.cwd),
    env: { ...service.env(port), OTEL_BSP_SCHEDULE_DELAY: '200', OTEL_EXPORTER_OTLP_ENDPOINT: otlpHttp },
    healthUrl: `${base}/healthz`,
    timeoutMs: 240_000,
  });
  return { base, proc };
}

/**
 * One request full of personal data to a service exporting to `via` (Jaeger itself or the
 * Collector); returns its trace's spans and the trace as Jaeger's API serves it, raw.
 */
export async function sensitiveTrace(run: RedactionRun, via: RunningBackend) {
  const { base, proc } = await startService(run, via.otlpHttp!);
  const tp = newTraceparent();
  try {
    const res = await fetch(`${base}/users/${SECRETS.routeEmail}?token=${SECRETS.token}&page=2`, {
      headers: { traceparent: tp.header, 'user-agent': `redaction-e2e/1.0 (contact ${SECRETS.headerEmail})` },
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status, await res.text()).toBe(200);
    const found = await findTrace({ query: backendById('jaeger').query, url: run.jaeger.queryUrl! }, tp.traceId, {
      timeoutMs: 30_000,
      minSpans: 2,
      settleMs: 1000,
    });
    expect(found.lastError).toBeUndefined();
    const raw = await (await fetch(`${run.jaeger.queryUrl}/api/v3/traces/${tp.traceId}`)).text();
    return { spans: found.spans, raw, parentSpanId: tp.parentSpanId };
  } finally {
    await proc.stop();
  }
}

const attr = (s: FoundSpan, ...keys: string[]) => keys.map((k) => s.attributes[k]).find((v) => v !== undefined);

/** Every piece of personal data masked where it was, and nothing else masked or changed. */
export function expectMasked(t: Awaited<ReturnType<typeof sensitiveTrace>>): void {
  for (const secret of [...Object.values(SECRETS), 'alice%40example.com']) expect(t.raw).not.toContain(secret);

  const server = t.spans.find((s) => s.kind === 'server' && s.parentSpanId === t.parentSpanId);
  expect(server, JSON.stringify(t.spans.map((s) => [s.name, s.kind]))).toBeDefined();
  const urlsOf = (s: FoundSpan) =>
    ['url.full', 'http.url', 'http.target', 'url.query', 'url.path']
      .map((k) => s.attributes[k])
      .filter((v): v is string => typeof v === 'string');
  // Only the parameter's value is masked: the name and the other parameters stay. (Go's server
  // span records no query; the fixture's outgoing request, whose url.full does, carries it on.)
  const queries = t.spans.flatMap(urlsOf).filter((url) => url.includes('token='));
  expect(queries.length, JSON.stringify(t.spans.map((s) => s.attributes))).toBeGreaterThan(0);
  for (const url of queries) expect(url).toMatch(/(^|[?&])token=\*\*\*\*&page=2$/);
  expect(urlsOf(server!).some((url) => url.includes('/users/****'))).toBe(true);
  expect(attr(server!, 'user_agent.original', 'http.user_agent')).toBe('redaction-e2e/1.0 (contact ****)');
  expect(String(attr(server!, 'http.route'))).toMatch(/^\/users\/(:email|<email>|\{email\})$/);
  expect(Number(attr(server!, 'http.response.status_code', 'http.status_code'))).toBe(200);

  const lookup = t.spans.find((s) => s.name === 'user.lookup');
  expect(lookup?.attributes).toMatchObject({ 'user.email': '****', 'app.customer': '****', 'user.plan': 'pro' });
  const event = lookup?.events.find((e) => e.name === 'lookup');
  expect(event?.attributes).toEqual({ 'lookup.contact': '****', 'lookup.source': 'cache' });
  const exception = lookup?.events.find((e) => e.name === 'exception');
  expect(exception?.attributes['exception.message']).toBe('no profile for ****');
  expect(String(exception?.attributes['exception.type'])).toMatch(/error/i);

  // Nothing else is masked: "****" appears only under the keys the request filled.
  for (const s of t.spans) {
    for (const a of [s.attributes, ...s.events.map((e) => e.attributes)]) {
      for (const [key, value] of Object.entries(a)) {
        if (String(value).includes('****')) expect(MASKABLE_KEYS, `${s.name}: ${key}=${value}`).toContain(key);
      }
    }
  }
}

/** The two proofs every language gives: straight to Jaeger, and through the generated Collector redaction. */
export function itMasksBeforeExport(run: RedactionRun): void {
  it('straight to Jaeger', async () => {
    expectMasked(await sensitiveTrace(run, run.jaeger));
  }, 300_000);

  it('through the Collector with tracekit’s redaction processor', async () => {
    expectMasked(await sensitiveTrace(run, run.collector));
  }, 300_000);
}

/**
 * A span sent to the Collector by no tracekit setup (so nothing is masked yet): the Collector's
 * redaction processor, generated from the same list, masks the keys and values itself.
 */
export async function rawSpanThroughCollector(run: RedactionRun): Promise<FoundSpan> {
  const { traceId, parentSpanId: spanId } = newTraceparent();
  const now = BigInt(Date.now()) * 1_000_000n;
  const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', 'raw-sender')] },
        scopeSpans: [
          {
            scope: { name: 'redaction-e2e' },
            spans: [
              {
                traceId,
                spanId,
                name: 'raw',
                kind: 2,
                startTimeUnixNano: String(now),
                endTimeUnixNano: String(now + 1_000_000n),
                attributes: [
                  str('app.customer', SECRETS.customer),
                  str('app.note', `mail ${SECRETS.routeEmail} now`),
                  str('url.full', `http://shop.local/a?token=${SECRETS.token}&page=2`),
                  str('user.plan', 'pro'),
                ],
              },
            ],
          },
        ],
      },
    ],
  };
  const res = await fetch(`${run.collector.otlpHttp}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  expect(res.status).toBe(200);
  const found = await findTrace({ query: backendById('jaeger').query, url: run.jaeger.queryUrl! }, traceId, {
    timeoutMs: 30_000,
    minSpans: 1,
  });
  expect(found.spans).toHaveLength(1);
  return found.spans[0]!;
}
