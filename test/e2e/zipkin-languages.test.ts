import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { backendById } from '../../src/backends/registry.js';
import { PORT_NAMES } from '../../src/backends/types.js';
import type { StartCommand } from '../../src/languages/language.js';
import { findTrace } from '../../src/otel/find-trace.js';
import type { FoundSpan } from '../../src/otel/trace-model.js';
import { copyGoFixture, tracekit as goTracekit, newTraceparent, startGoService } from '../support/go-service.js';
import { freePort, freePorts } from '../support/ports.js';
import type { RunningProcess } from '../support/processes.js';
import { copyFixture, runCli, startService } from './node-service.js';
import { preparePythonService, tracekit as pyTracekit, startInVenv } from './python-service.js';

/**
 * Issue 13, section 2: `tracekit init --backend zipkin` in each language, then the backend step
 * init prints (`tracekit backend up --zipkin`, default flags: a Collector in front of Zipkin),
 * run once as a local process on free ports (its programs found in tracekit's cache). Each service
 * is started with the command init printed (--json `startCommands`), sent a request, and its spans
 * are found in Zipkin by trace id: no init/backend combination leaves spans unreceived.
 */

interface Setup {
  dir: string;
  /** init's --json next steps, as printed. */
  nextSteps: string[];
  base: string;
  server: RunningProcess;
}

let ports: Record<(typeof PORT_NAMES)[number], number>;
let endpoint: string;
let node: Setup;
let python: Setup;
let goSvc: Setup;
let backendUp: { exitCode?: number; stderr: string; args: string[] };
const cleanups: (() => void)[] = [];
/** Where `backend up` ran, so afterAll stops the backend even when a later setup failed. */
let backendDir: string | undefined;

const initFlags = () => ['init', '--yes', '--json', '--backend', 'zipkin', '--endpoint', endpoint];

/** What the tests read from `tracekit init --json`. */
interface InitJson {
  nextSteps: string[];
  startCommands: StartCommand[];
}

function initJson(r: { exitCode?: number; stdout: string; stderr: string }, lang: string): InitJson {
  if (r.exitCode !== 0) throw new Error(`${lang} init failed (${r.exitCode}):\n${r.stderr}`);
  return JSON.parse(r.stdout) as InitJson;
}

/** The `tracekit backend up ...` command of init's next steps, as argv after `tracekit`. */
function printedBackendStep(nextSteps: string[]): string[] {
  const line = nextSteps.find((l) => l.includes('tracekit backend up'));
  expect(line, `a backend step in:\n${nextSteps.join('\n')}`).toBeDefined();
  const command = /tracekit (backend up[^(]*)/.exec(line!)![1]!.trim();
  // The step's own words say how to run it without Docker.
  expect(line).toContain('add --runtime process --install');
  return command.split(/\s+/);
}

async function setUpNode(): Promise<Setup> {
  const fixture = copyFixture('node-http');
  cleanups.push(fixture.cleanup);
  const init = initJson(await runCli(initFlags(), fixture.dir), 'node');
  // The backend runs from this service's folder, as its next steps say, with free ports.
  const args = [
    ...printedBackendStep(init.nextSteps),
    // What the step says to add without Docker; --install finds everything cached here and builds nothing.
    '--runtime',
    'process',
    '--install',
    ...Object.entries(ports).flatMap(([k, v]) => ['--port', `${k}=${v}`]),
    '--timeout',
    '150',
  ];
  backendDir = fixture.dir;
  const up = await runCli(args, fixture.dir);
  backendUp = { exitCode: up.exitCode, stderr: up.stderr, args };
  if (up.exitCode !== 0) throw new Error(`backend up failed (${up.exitCode}):\n${up.stderr}`);
  const svc = await startService(fixture.dir, { start: init.startCommands });
  return { dir: fixture.dir, nextSteps: init.nextSteps, base: svc.base, server: svc.process };
}

async function setUpPython(): Promise<Setup> {
  const svc = await preparePythonService('python-flask');
  cleanups.push(() => rmSync(path.dirname(svc.venv), { recursive: true, force: true }));
  const init = initJson(await pyTracekit(svc, ...initFlags()), 'python');
  // The start command init printed, verbatim (gunicorn from the virtualenv); PORT picks its port.
  expect(init.startCommands.length).toBe(1);
  const [command, ...args] = init.startCommands[0]!.argv;
  expect(path.basename(command!)).toBe('gunicorn');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startInVenv(svc, {
    name: 'gunicorn',
    command: command!,
    args,
    env: { PORT: String(port), SELF_URL: base, OTEL_BSP_SCHEDULE_DELAY: '200' },
    healthUrl: `${base}/items`,
    timeoutMs: 60_000,
  });
  return { dir: svc.dir, nextSteps: init.nextSteps, base, server };
}

async function setUpGo(): Promise<Setup> {
  const dir = copyGoFixture('go-http');
  const init = initJson(await goTracekit(dir, initFlags()), 'go');
  const svc = await startGoService(dir, init.startCommands);
  return { dir, nextSteps: init.nextSteps, base: svc.url, server: svc.process };
}

beforeAll(async () => {
  const free = await freePorts(PORT_NAMES.length);
  ports = Object.fromEntries(PORT_NAMES.map((n, i) => [n, free[i]!])) as typeof ports;
  endpoint = `http://127.0.0.1:${ports['otlp-http']}`;
  // The three installs run side by side; the backend starts once the Node service has its tracekit.yaml.
  [node, python, goSvc] = await Promise.all([setUpNode(), setUpPython(), setUpGo()]);
}, 15 * 60_000);

afterAll(async () => {
  await Promise.all([node?.server.stop(), python?.server.stop(), goSvc?.server.stop()]);
  if (backendDir) await runCli(['backend', 'down'], backendDir);
  for (const c of cleanups) c();
}, 120_000);

/** Sends a GET with a fresh traceparent, then finds the trace's spans in Zipkin. */
async function tracedRequest(base: string, route: string, minSpans: number): Promise<FoundSpan[]> {
  const tp = newTraceparent();
  const res = await fetch(`${base}${route}`, {
    headers: { traceparent: tp.header },
    signal: AbortSignal.timeout(15_000),
  });
  expect(res.status, await res.text()).toBe(200);
  const found = await findTrace(
    { query: backendById('zipkin').query, url: `http://127.0.0.1:${ports.ui}` },
    tp.traceId,
    {
      timeoutMs: 45_000,
      minSpans,
    },
  );
  expect(found.lastError).toBeUndefined();
  expect(found.spans.length, JSON.stringify(found.spans.map((s) => s.name))).toBeGreaterThanOrEqual(minSpans);
  for (const s of found.spans) expect(s.traceId).toBe(tp.traceId);
  // The service's first span is the child of the caller's span.
  expect(found.spans.some((s) => s.kind === 'server' && s.parentSpanId === tp.parentSpanId)).toBe(true);
  return found.spans;
}

describe('--backend zipkin with default backend flags, in each language', () => {
  it('init prints `tracekit backend up --zipkin` in every language, and it ran as printed', () => {
    for (const s of [node, python, goSvc])
      expect(printedBackendStep(s.nextSteps).slice(0, 3)).toEqual(['backend', 'up', '--zipkin']);
    expect(backendUp.args).not.toContain('--collector');
    expect(backendUp.stderr).toContain('zipkin is up');
    expect(backendUp.stderr, 'everything was in the cache: nothing to install').not.toContain('Installing');
    // A Collector took the services' OTLP in front of Zipkin, and tracekit.yaml says so.
    const config = parse(readFileSync(path.join(node.dir, 'tracekit.yaml'), 'utf8'));
    expect([config.backend, config.collector]).toEqual(['zipkin', true]);
    expect(config.exporter.endpoint).toMatch(new RegExp(`^http://(localhost|127\\.0\\.0\\.1):${ports['otlp-http']}$`));
  });

  it("Node: a request's spans are in Zipkin by trace id", async () => {
    const spans = await tracedRequest(node.base, '/hello', 4);
    expect(new Set(spans.map((s) => s.serviceName)).size).toBe(1);
  }, 90_000);

  it("Python: a request's spans are in Zipkin by trace id", async () => {
    const spans = await tracedRequest(python.base, '/items', 2);
    expect(spans.some((s) => /SELECT/i.test(Object.values(s.attributes).join(' ')))).toBe(true);
  }, 90_000);

  it("Go: a request's spans are in Zipkin by trace id", async () => {
    const spans = await tracedRequest(goSvc.base, '/orders/tea', 4);
    // Zipkin stores span names in lower case.
    expect(spans.some((s) => s.name.toLowerCase() === 'get /inventory/{sku}')).toBe(true);
  }, 90_000);
});
