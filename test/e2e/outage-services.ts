import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { copyGoFixture } from '../support/go-service.js';
import { freePort } from '../support/ports.js';
import { type RunningProcess, startProcess } from '../support/processes.js';
import { copyFixture } from './node-service.js';
import { preparePythonService } from './python-service.js';

/**
 * The three services of the outage test (test/e2e/outage.test.ts), one per language, each set up
 * by the built CLI's `tracekit init --yes` with a real install, started as its next steps say,
 * and driven with requests that carry their own traceparent, so every trace id is known and each
 * request makes exactly one span (a server span on a route that does nothing else).
 */
const CLI = path.resolve(import.meta.dirname, '..', '..', 'bin', 'tracekit.js');

export interface OutageService {
  lang: 'node' | 'python' | 'go';
  /** A route whose request is one server span and nothing more. */
  route: string;
  url: string;
  proc?: RunningProcess;
  /** Starts (or restarts) the service with these extra environment variables. */
  start(env?: Record<string, string>): Promise<void>;
  cleanup(): void;
}

async function init(dir: string, endpoint: string, env: Record<string, string> = {}) {
  const r = await execa('node', [CLI, 'init', '--yes', '--endpoint', endpoint], {
    cwd: dir,
    env: { CI: '1', FORCE_COLOR: '0', ...env },
    reject: false,
    timeout: 10 * 60_000,
  });
  if (r.exitCode !== 0) throw new Error(`tracekit init in ${dir} exited with ${r.exitCode}:\n${r.stderr}`);
}

/** The batch delay is short so that spans leave while the test watches (an OTEL_* override). */
const BASE_ENV = { OTEL_BSP_SCHEDULE_DELAY: '200' };

function service(
  lang: OutageService['lang'],
  route: string,
  launch: (port: number, env: Record<string, string>) => Parameters<typeof startProcess>[0],
  cleanup: () => void,
): OutageService {
  const s: OutageService = {
    lang,
    route,
    url: '',
    async start(env = {}) {
      await s.proc?.stop();
      const port = await freePort();
      s.url = `http://127.0.0.1:${port}`;
      s.proc = await startProcess(launch(port, { ...BASE_ENV, ...env }));
    },
    cleanup,
  };
  return s;
}

/** node-http (ESM, OpenTelemetry JS 2.x on Node 20): `node --import ./tracing-register.mjs server.mjs`. */
export async function nodeService(endpoint: string): Promise<OutageService> {
  const fixture = copyFixture('node-http');
  await init(fixture.dir, endpoint);
  return service(
    'node',
    '/healthz',
    (port, env) => ({
      name: 'outage-node',
      command: 'node',
      args: ['--import', './tracing-register.mjs', 'server.mjs'],
      cwd: fixture.dir,
      env: { PORT: String(port), ...env },
      healthUrl: `http://127.0.0.1:${port}/healthz`,
      timeoutMs: 60_000,
    }),
    fixture.cleanup,
  );
}

/** python-flask on gunicorn (one worker) from a fresh virtualenv. */
export async function pythonService(endpoint: string): Promise<OutageService> {
  const svc = await preparePythonService('python-flask');
  await init(svc.dir, endpoint, svc.env);
  return service(
    'python',
    '/downstream',
    (port, env) => ({
      name: 'outage-python',
      command: 'gunicorn',
      args: ['--workers', '1', '--bind', `127.0.0.1:${port}`, 'app:app'],
      cwd: svc.dir,
      env: { ...svc.env, SELF_URL: `http://127.0.0.1:${port}`, ...env },
      healthUrl: `http://127.0.0.1:${port}/downstream`,
      timeoutMs: 60_000,
    }),
    () => rmSync(path.dirname(svc.venv), { recursive: true, force: true }),
  );
}

/** go-http (net/http) built with the machine's Go. */
export async function goService(endpoint: string): Promise<OutageService> {
  const dir = copyGoFixture('go-http');
  const goEnv = { GOTOOLCHAIN: 'local' };
  await init(dir, endpoint, goEnv);
  const built = await execa('go', ['build', '-tags', 'tracekit', '-o', 'service', '.'], {
    cwd: dir,
    env: goEnv,
    reject: false,
    timeout: 10 * 60_000,
  });
  if (built.exitCode !== 0) throw new Error(`go build failed:\n${built.stderr}`);
  return service(
    'go',
    '/healthz',
    (port, env) => ({
      name: 'outage-go',
      command: path.join(dir, 'service'),
      args: [],
      cwd: dir,
      env: { ADDR: `127.0.0.1:${port}`, ...env },
      healthUrl: `http://127.0.0.1:${port}/healthz`,
      timeoutMs: 30_000,
    }),
    () => undefined,
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends `rate` requests a second to each service for `seconds` (never more than rate × seconds
 * each), every one with a new traceparent; returns the trace ids each service answered.
 */
export async function traffic(
  services: OutageService[],
  seconds: number,
  rate: number,
): Promise<Map<OutageService, string[]>> {
  const sent = new Map<OutageService, string[]>();
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    services.map(async (s) => {
      const ids: string[] = [];
      sent.set(s, ids);
      for (let i = 0; i < seconds * rate && Date.now() < end; i++) {
        const t0 = Date.now();
        const traceId = randomBytes(16).toString('hex');
        const res = await fetch(`${s.url}${s.route}`, {
          headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${s.lang} ${s.route} answered ${res.status} during the test`);
        ids.push(traceId);
        await sleep(Math.max(0, 1000 / rate - (Date.now() - t0)));
      }
    }),
  );
  return sent;
}

/** Adds the trace ids of `more` to `into`, per service. */
export function merge(into: Map<OutageService, string[]>, more: Map<OutageService, string[]>): void {
  for (const [s, ids] of more) into.set(s, [...(into.get(s) ?? []), ...ids]);
}

/** Distinct span ids Jaeger holds for a trace (a retried batch Jaeger had already taken counts once). */
async function spanCount(queryUrl: string, traceId: string): Promise<number> {
  const res = await fetch(`${queryUrl}/api/v3/traces/${traceId}`, { signal: AbortSignal.timeout(10_000) });
  if (res.status === 404) {
    await res.arrayBuffer();
    return 0;
  }
  if (!res.ok) throw new Error(`Jaeger answered ${res.status} for trace ${traceId}`);
  const body = (await res.json()) as {
    result?: { resourceSpans?: { scopeSpans?: { spans?: { spanId: string }[] }[] }[] };
  };
  const ids = new Set<string>();
  for (const rs of body.result?.resourceSpans ?? [])
    for (const ss of rs.scopeSpans ?? []) for (const sp of ss.spans ?? []) ids.add(sp.spanId);
  return ids.size;
}

/**
 * The trace ids Jaeger does not hold (each request is one span), polled until none is missing,
 * the count stops changing for `settleMs`, or `timeoutMs` passes.
 */
export async function missingTraces(
  queryUrl: string,
  traceIds: string[],
  o: { timeoutMs: number; settleMs?: number; expectMissing?: number },
): Promise<string[]> {
  let missing = [...traceIds];
  const deadline = Date.now() + o.timeoutMs;
  let lastChange = Date.now();
  for (;;) {
    const still: string[] = [];
    for (let i = 0; i < missing.length; i += 16) {
      const chunk = missing.slice(i, i + 16);
      const counts = await Promise.all(chunk.map((id) => spanCount(queryUrl, id)));
      chunk.forEach((id, j) => {
        if (counts[j] === 0) still.push(id);
        else if (counts[j] !== 1) throw new Error(`trace ${id} holds ${counts[j]} spans, expected 1`);
      });
    }
    if (still.length !== missing.length) lastChange = Date.now();
    missing = still;
    const settled = o.settleMs !== undefined && Date.now() - lastChange >= o.settleMs;
    if (missing.length === (o.expectMissing ?? 0) || settled || Date.now() > deadline) return missing;
    await sleep(2000);
  }
}

/** The sum of N over the service's "tracing: dropped N spans" lines so far. */
export function droppedInLog(s: OutageService): { total: number; lines: string[] } {
  const text = s.proc ? readFileSync(s.proc.logFile, 'utf8') : '';
  const lines = text.split('\n').filter((l) => /tracing: dropped \d+ spans/.test(l));
  const total = lines.reduce((n, l) => n + Number(/tracing: dropped (\d+) spans/.exec(l)![1]), 0);
  return { total, lines };
}
