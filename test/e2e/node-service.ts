import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { expect } from 'vitest';
import { backendById } from '../../src/backends/registry.js';
import type { StartCommand } from '../../src/languages/language.js';
import { findTrace } from '../../src/otel/find-trace.js';
import type { FoundSpan } from '../../src/otel/trace-model.js';
import type { RunningBackend } from '../support/backends.js';
import { repoRoot } from '../support/components.js';
import { freePort } from '../support/ports.js';
import { type RunningProcess, startProcess } from '../support/processes.js';

/**
 * What the Node e2e tests share: copy a fixture, run the built CLI's `init` on it (which installs
 * the real npm packages), start the service with the command init printed (--json `startCommands`),
 * send requests and read their traces back from the real Jaeger.
 */

const CLI = path.join(repoRoot, 'bin', 'tracekit.js');

/** Copies test/fixtures/<name> into a fresh temp dir (removed by the returned cleanup). */
export function copyFixture(name: string): { dir: string; cleanup: () => void } {
  const root = mkdtempSync(path.join(os.tmpdir(), `tracekit-${name}-`));
  const dir = path.join(root, name);
  cpSync(path.join(repoRoot, 'test', 'fixtures', name), dir, { recursive: true });
  return { dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Runs the built CLI as a user would (CI=1, no colour), never throwing on its exit code. */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}) {
  return execa('node', [CLI, ...args], {
    cwd,
    env: { CI: '1', FORCE_COLOR: '0', ...env },
    reject: false,
    timeout: 10 * 60_000,
  });
}

/** The `init` arguments that point a service at the backend over OTLP/HTTP, or OTLP/gRPC. */
export function initArgs(jaeger: RunningBackend, protocol: 'http' | 'grpc' = 'http'): string[] {
  return [
    'init',
    '--yes',
    ...(protocol === 'grpc'
      ? ['--protocol', 'grpc', '--endpoint', jaeger.otlpGrpc!]
      : ['--endpoint', jaeger.otlpHttp!]),
  ];
}

/** `tracekit init --yes` pointed at the backend (OTLP/HTTP unless told); fails with the CLI's output. */
export async function initService(
  dir: string,
  jaeger: RunningBackend,
  env: Record<string, string> = {},
  protocol: 'http' | 'grpc' = 'http',
) {
  const r = await runCli([...initArgs(jaeger, protocol), '--json'], dir, env);
  if (r.exitCode !== 0) throw new Error(`tracekit init exited with ${r.exitCode}:\n${r.stderr}\n${r.stdout}`);
  const { startCommands } = JSON.parse(r.stdout) as { startCommands: StartCommand[] };
  return { stderr: r.stderr, stdout: r.stdout, startCommands };
}

export interface RunningService {
  base: string;
  process: RunningProcess;
}

/**
 * The service started with the command init printed (its --json `startCommands`, run verbatim)
 * with PORT set, ready once /healthz answers. Without `start`: `npm start`, what init prints
 * for a package whose start script it edited.
 */
export async function startService(
  dir: string,
  opts: { nodeBinDir?: string; env?: Record<string, string>; start?: StartCommand[] } = {},
): Promise<RunningService> {
  const start = opts.start ?? [{ argv: ['npm', 'start'], cwd: '.' }];
  if (start.length !== 1) throw new Error(`expected one start command from init, got ${JSON.stringify(start)}`);
  const [command, ...args] = start[0]!.argv;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const PATH = opts.nodeBinDir ? `${opts.nodeBinDir}${path.delimiter}${process.env.PATH}` : process.env.PATH!;
  const proc = await startProcess({
    name: path.basename(dir),
    command: command!,
    args,
    cwd: path.join(dir, start[0]!.cwd),
    // A short export delay so spans reach Jaeger while the service runs (a standard variable the setup honours).
    env: { PORT: String(port), PATH, OTEL_BSP_SCHEDULE_DELAY: '200', ...opts.env },
    healthUrl: `${base}/healthz`,
    timeoutMs: 60_000,
  });
  return { base, process: proc };
}

/** A request to the service; returns status, body and the trace id the service reported. */
export async function request(base: string, route: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${route}`, { headers, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: await res.text(), traceId: res.headers.get('x-trace-id') ?? '' };
}

/** The spans of a trace once `minSpans` of them are in Jaeger (and the count has settled). */
export async function spansOf(jaeger: RunningBackend, traceId: string, minSpans: number): Promise<FoundSpan[]> {
  expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  const found = await findTrace({ query: backendById('jaeger').query, url: jaeger.queryUrl! }, traceId, {
    timeoutMs: 30_000,
    minSpans,
  });
  expect(found.lastError).toBeUndefined();
  expect(found.spans.length).toBeGreaterThanOrEqual(minSpans);
  return found.spans;
}

/** The HTTP status recorded on a span, under the stable or the older attribute name. */
export const statusOf = (s: FoundSpan) => s.attributes['http.response.status_code'] ?? s.attributes['http.status_code'];

/** True when `ancestor` is on the parent chain of `span`. */
export function descendsFrom(spans: FoundSpan[], span: FoundSpan, ancestor: FoundSpan): boolean {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  for (let p = span.parentSpanId; p; p = byId.get(p)?.parentSpanId) if (p === ancestor.spanId) return true;
  return false;
}

export const serverSpans = (spans: FoundSpan[]) => spans.filter((s) => s.kind === 'server');

/** The server span of a route, found by its http.route attribute. */
export function serverSpanOf(spans: FoundSpan[], route: string): FoundSpan {
  const span = serverSpans(spans).find((s) => s.attributes['http.route'] === route);
  const seen = JSON.stringify(spans.map((s) => [s.name, s.kind, s.attributes['http.route']]));
  expect(span, `server span with http.route ${route} in ${seen}`).toBeDefined();
  return span!;
}

// biome-ignore lint/suspicious/noExplicitAny: JSON read back by the tests, field by field
export const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
