import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect } from 'vitest';
import { backendById } from '../../src/backends/registry.js';
import type { StartCommand } from '../../src/languages/language.js';
import { findTrace } from '../../src/otel/find-trace.js';
import { attributesOf, hexId, type OtlpResourceSpans } from '../../src/otel/otlp-json.js';
import type { FoundSpan } from '../../src/otel/trace-model.js';
import { type RunningBackend, startJaeger } from '../support/backends.js';
import { freePort } from '../support/ports.js';
import { type RunningProcess, type StartOptions, startProcess } from '../support/processes.js';

/**
 * What the Python e2e tests share: a fixture copied into a temp dir with a fresh virtualenv
 * (pip's cache under ~/.cache/pip is shared), the built CLI run as a user runs it, requests
 * that carry our own traceparent, and the spans read back from the real Jaeger.
 */
const CLI = path.resolve(import.meta.dirname, '..', '..', 'bin', 'tracekit.js');
const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures');

export interface PythonService {
  dir: string;
  venv: string;
  /** PATH and VIRTUAL_ENV of the venv, as after `source venv/bin/activate`. */
  env: Record<string, string>;
}

/** Copies a fixture and makes a virtualenv for it with the machine's python3 (3.10+). */
export async function preparePythonService(fixture: string, python = 'python3'): Promise<PythonService> {
  const base = mkdtempSync(path.join(os.tmpdir(), `tk-${fixture}-`));
  const dir = path.join(base, fixture);
  cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
  const venv = path.join(base, 'venv');
  await execa(python, ['-m', 'venv', venv], { timeout: 120_000 });
  return {
    dir,
    venv,
    env: { VIRTUAL_ENV: venv, PATH: `${path.join(venv, 'bin')}${path.delimiter}${process.env.PATH}` },
  };
}

/** Runs the built CLI in the service folder (CI=1, no colour), never throwing on its exit code. */
export function tracekit(svc: PythonService, ...args: string[]) {
  return execa('node', [CLI, ...args], {
    cwd: svc.dir,
    reject: false,
    timeout: 15 * 60_000,
    env: { ...svc.env, CI: '1', FORCE_COLOR: '0' },
  });
}

/** `tracekit init --yes --json --endpoint <Jaeger's OTLP/HTTP>`; returns the parsed result. */
export async function initService(svc: PythonService, jaeger: RunningBackend, ...extra: string[]) {
  const r = await tracekit(svc, 'init', '--yes', '--json', '--endpoint', jaeger.otlpHttp!, ...extra);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as {
    nextSteps: string[];
    startCommands: StartCommand[];
    installed: boolean;
    written: string[];
    config: { service: { name: string } };
  };
}

/** Starts a command from the venv in the service folder. */
export function startInVenv(svc: PythonService, o: Omit<StartOptions, 'cwd'>): Promise<RunningProcess> {
  return startProcess({ ...o, cwd: svc.dir, env: { ...svc.env, ...o.env } });
}

/** A service under test: its Jaeger, folder, server and what init said. Filled in by beforeAll. */
export interface ServiceRun {
  jaeger: RunningBackend;
  svc: PythonService;
  server?: RunningProcess;
  /** http://127.0.0.1:<port> of the server. */
  base: string;
  nextSteps: string[];
  /** init's --json start command, which every server of the file but the variants runs verbatim. */
  startCommands: StartCommand[];
}

export interface ServiceOptions {
  fixture: string;
  /** Extra init flags, given the file's Jaeger (for example its OTLP/gRPC endpoint). */
  initArgs?: (jaeger: RunningBackend) => string[];
  /**
   * Where the server listens, in the environment its start command reads (UVICORN_PORT,
   * GUNICORN_CMD_ARGS, PORT for the Django fixture's manage.py): the command is init's.
   */
  listen: (port: number) => Record<string, string>;
  /** A step between init and start (Django's migrate). */
  beforeStart?: (svc: PythonService) => Promise<void>;
}

/**
 * Registers beforeAll/afterAll for one file: Jaeger once, a fresh venv, `tracekit init` with
 * a real install, then the server started from the venv; both always stopped.
 */
export function usePythonService(o: ServiceOptions): ServiceRun {
  const run = {} as ServiceRun;
  beforeAll(async () => {
    [run.jaeger, run.svc] = await Promise.all([startJaeger(), preparePythonService(o.fixture)]);
    const result = await initService(run.svc, run.jaeger, ...(o.initArgs?.(run.jaeger) ?? []));
    expect(result.installed).toBe(true);
    run.nextSteps = result.nextSteps;
    run.startCommands = result.startCommands;
    await o.beforeStart?.(run.svc);
    // A short export delay keeps the tests lean (and shows OTEL_* variables still apply).
    const started = await startPrinted(run, o.listen, { OTEL_BSP_SCHEDULE_DELAY: '200' });
    run.base = started.base;
    run.server = started.server;
  }, 900_000);
  afterAll(async () => {
    await Promise.all([run.server?.stop(), run.jaeger?.stop()]);
    // The copy and its virtualenv (~90 MB); pip's download cache under ~ stays for the next run.
    if (run.svc) rmSync(path.dirname(run.svc.venv), { recursive: true, force: true });
  });
  return run;
}

/** Starts a server with init's start command, run verbatim, listening where `listen` says. */
export async function startPrinted(
  run: ServiceRun,
  listen: ServiceOptions['listen'],
  env: Record<string, string>,
  extraArgs: string[] = [],
): Promise<{ base: string; server: RunningProcess }> {
  expect(run.startCommands, 'init --json names one start command').toHaveLength(1);
  const [command, ...printed] = run.startCommands[0]!.argv;
  const args = [...printed, ...extraArgs];
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startProcess({
    name: path.basename(command!),
    command: command!,
    args,
    cwd: path.join(run.svc.dir, run.startCommands[0]!.cwd),
    env: { ...run.svc.env, ...listen(port), SELF_URL: base, ...env },
    healthUrl: `${base}/items`,
    timeoutMs: 60_000,
  });
  return { base, server };
}

/**
 * A request, then SIGTERM at once to the server started with init's command: with an export
 * delay far longer than the test, only the flush on the way out can deliver its spans.
 */
export async function expectSigtermFlush(
  run: ServiceRun,
  listen: ServiceOptions['listen'],
  extraArgs: string[] = [],
): Promise<void> {
  const { base, server } = await startPrinted(run, listen, { OTEL_BSP_SCHEDULE_DELAY: '600000' }, extraArgs);
  let res: Awaited<ReturnType<typeof call>>;
  try {
    res = await call(base, '/items');
    expect(res.status, res.body).toBe(200);
  } finally {
    await server.stop();
  }
  const spans = await spansOf(run.jaeger, res.traceId, 1);
  expect(spans.filter((s) => s.kind === 'server' && s.parentSpanId === res.parentId)).toHaveLength(1);
}

/** Runs `body` against a second server of the same service (another start command), then stops it. */
export async function withServer(
  run: ServiceRun,
  start: (port: number) => { name: string; command: string; args: string[] },
  env: Record<string, string>,
  body: (url: string, server: RunningProcess) => Promise<void>,
): Promise<void> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startInVenv(run.svc, {
    ...start(port),
    env: { SELF_URL: url, OTEL_BSP_SCHEDULE_DELAY: '200', ...env },
    healthUrl: `${url}/items`,
    timeoutMs: 60_000,
  });
  try {
    await body(url, server);
  } finally {
    await server.stop();
  }
}

/** A W3C traceparent for a new trace, so every request's trace id is known in advance. */
export function newTraceparent(): { header: string; traceId: string; parentId: string } {
  const traceId = randomBytes(16).toString('hex');
  const parentId = randomBytes(8).toString('hex');
  return { header: `00-${traceId}-${parentId}-01`, traceId, parentId };
}

/** GETs a route with a fresh traceparent; returns the status, body and trace ids. */
export async function call(base: string, route: string) {
  const tp = newTraceparent();
  const res = await fetch(`${base}${route}`, {
    headers: { traceparent: tp.header },
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, body: await res.text(), ...tp };
}

/** The trace's spans from Jaeger, once at least `minSpans` are there and the count settled. */
export async function spansOf(jaeger: RunningBackend, traceId: string, minSpans: number): Promise<FoundSpan[]> {
  const found = await findTrace({ query: backendById('jaeger').query, url: jaeger.queryUrl! }, traceId, {
    timeoutMs: 30_000,
    minSpans,
    settleMs: 1500,
  });
  expect(found.lastError).toBeUndefined();
  expect(found.spans.length, JSON.stringify(found.spans.map((s) => s.name))).toBeGreaterThanOrEqual(minSpans);
  return found.spans;
}

/** Resource attributes of each span id, read from Jaeger's OTLP JSON (FoundSpan keeps only the service). */
export async function resourceOfSpans(
  jaeger: RunningBackend,
  traceId: string,
): Promise<Map<string, Record<string, string | number | boolean>>> {
  const res = await fetch(`${jaeger.queryUrl}/api/v3/traces/${traceId}`, { signal: AbortSignal.timeout(10_000) });
  const body = (await res.json()) as { result: { resourceSpans: OtlpResourceSpans[] } };
  const out = new Map<string, Record<string, string | number | boolean>>();
  for (const rs of body.result.resourceSpans) {
    const attrs = attributesOf(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) out.set(hexId(s.spanId)!, attrs);
  }
  return out;
}

const attr = (s: FoundSpan, ...keys: string[]) => keys.map((k) => s.attributes[k]).find((v) => v !== undefined);

/** The server span of a request: kind server, whose route attribute (or name) names the route. */
export function serverSpan(spans: FoundSpan[], route: string, parentId?: string): FoundSpan {
  // Django's routes have no leading slash ("chain"), Flask's and FastAPI's do ("/chain").
  const same = (v: unknown) => typeof v === 'string' && v.replace(/^\/?/, '/') === route;
  const s = spans.find(
    (x) =>
      x.kind === 'server' &&
      (same(attr(x, 'http.route')) || same(x.name.split(' ').pop())) &&
      (parentId === undefined || x.parentSpanId === parentId),
  );
  expect(
    s,
    `server span for ${route} in ${JSON.stringify(spans.map((x) => [x.name, x.kind, x.parentSpanId]))}`,
  ).toBeDefined();
  return s!;
}

/** The HTTP status on a server or client span (old or stable semantic conventions). */
export const statusCodeOf = (s: FoundSpan) => Number(attr(s, 'http.response.status_code', 'http.status_code'));

/** The SQL text on a database span (old or stable semantic conventions). */
export const statementOf = (s: FoundSpan) => String(attr(s, 'db.query.text', 'db.statement') ?? '');

/**
 * The /downstream server span called from `upstream`: through a client span that is the
 * server span's child, or its grandchild (ASGI middleware spans may sit in between).
 */
function downstreamOf(spans: FoundSpan[], upstream: FoundSpan, route: string): FoundSpan {
  const client =
    spans.find((s) => s.kind === 'client' && s.parentSpanId === upstream.spanId) ??
    spans.find(
      (s) =>
        s.kind === 'client' && spans.some((p) => p.spanId === s.parentSpanId && p.parentSpanId === upstream.spanId),
    );
  expect(client, `client span under the ${route} server span`).toBeDefined();
  return serverSpan(spans, '/downstream', client!.spanId);
}

/**
 * Proves two worker processes deliver spans: `route` blocks its worker while it calls
 * /downstream, so another worker must serve that call. Both report their pid in the body, and
 * each server span read back from Jaeger carries its own worker's process.pid.
 */
export async function expectSpansFromTwoWorkers(jaeger: RunningBackend, base: string, route: string) {
  const up = await call(base, route);
  expect(up.status, up.body).toBe(200);
  const body = JSON.parse(up.body) as { pid: number; downstream: { pid: number } };
  expect(body.pid).not.toBe(body.downstream.pid);
  const spans = await spansOf(jaeger, up.traceId, 3);
  const upstream = serverSpan(spans, route, up.parentId);
  const downstream = downstreamOf(spans, upstream, route);
  const resources = await resourceOfSpans(jaeger, up.traceId);
  expect(resources.get(upstream.spanId)?.['process.pid']).toBe(body.pid);
  expect(resources.get(downstream.spanId)?.['process.pid']).toBe(body.downstream.pid);
}

/**
 * The assertions every Python framework must pass, on spans read back from Jaeger:
 * service name, joined traceparent, server span with route and status, client → downstream
 * server chain, baggage read downstream, the DB statement, the error route, the manual spans.
 */
export async function expectTracedService(
  jaeger: RunningBackend,
  base: string,
  serviceName: string,
  opts: { itemsRoute?: string } = {},
) {
  const chain = await call(base, '/chain');
  expect(chain.status, chain.body).toBe(200);
  expect(JSON.parse(chain.body).downstream.user).toBe('42');
  const spans = await spansOf(jaeger, chain.traceId, 3);
  for (const s of spans) expect(s.serviceName).toBe(serviceName);
  const upstream = serverSpan(spans, '/chain', chain.parentId);
  expect(statusCodeOf(upstream)).toBe(200);
  const downstream = downstreamOf(spans, upstream, '/chain');
  expect(downstream.attributes['app.user_id']).toBe('42');

  const items = await call(base, opts.itemsRoute ?? '/items');
  expect(items.status, items.body).toBe(200);
  const itemSpans = await spansOf(jaeger, items.traceId, 2);
  serverSpan(itemSpans, opts.itemsRoute ?? '/items', items.parentId);
  expect(
    itemSpans.some((s) => /SELECT .*items/i.test(statementOf(s))),
    JSON.stringify(itemSpans.map((s) => s.attributes)),
  ).toBe(true);

  const boom = await call(base, '/boom');
  expect(boom.status).toBe(500);
  const boomSpans = await spansOf(jaeger, boom.traceId, 1);
  const failed = serverSpan(boomSpans, '/boom', boom.parentId);
  expect(failed.status).toBe('error');
  expect(statusCodeOf(failed)).toBe(500);
  const exception = boomSpans.flatMap((s) => s.events).find((e) => e.name === 'exception');
  expect(exception?.attributes['exception.type']).toMatch(/RuntimeError/);
  expect(String(exception?.attributes['exception.message'])).toContain('boom: the sample error route');

  const manual = await call(base, '/manual');
  expect(manual.status, manual.body).toBe(200);
  const manualSpans = await spansOf(jaeger, manual.traceId, 3);
  const server = serverSpan(manualSpans, '/manual', manual.parentId);
  const compute = manualSpans.find((s) => s.name === 'checkout.compute');
  expect(compute?.attributes['checkout.items']).toBe(3);
  expect(compute?.attributes['checkout.step']).toBe('priced');
  expect(
    manualSpans.some(
      (s) => s.spanId === compute?.parentSpanId && (s.spanId === server.spanId || s.parentSpanId === server.spanId),
    ),
  ).toBe(true);
  const total = manualSpans.find((s) => s.name === 'pricing.total');
  expect(total?.parentSpanId).toBe(compute?.spanId);
  expect(total?.attributes['pricing.currency']).toBe('EUR');
  return { chain, spans };
}
