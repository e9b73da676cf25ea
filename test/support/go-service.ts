import { randomBytes } from 'node:crypto';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { backendById } from '../../src/backends/registry.js';
import type { StartCommand } from '../../src/languages/language.js';
import { findTrace } from '../../src/otel/find-trace.js';
import type { FoundSpan } from '../../src/otel/trace-model.js';
import { freePorts } from './ports.js';
import { type RunningProcess, startProcess } from './processes.js';
import { tempDir } from './temp-tree.js';

/**
 * A Go fixture service as the Go e2e tests use it: copied to a temp dir, `tracekit init` run
 * with the built CLI (real `go get` / `go mod tidy` against the Go module proxy), built with
 * the real Go toolchain, started on free ports, and its traces read back from Jaeger.
 */
const REPO = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(REPO, 'bin', 'tracekit.js');

/** Copies test/fixtures/<name> into a fresh temp dir and returns the copy's path. */
export function copyGoFixture(name: string): string {
  const dir = path.join(tempDir('tk-go-'), name);
  cpSync(path.join(REPO, 'test', 'fixtures', name), dir, { recursive: true });
  return dir;
}

/** The machine's Go for every build: a go directive never fetches another toolchain. */
const GO_ENV = { GOTOOLCHAIN: 'local' };

/** Runs the built CLI in dir as a user in CI would. */
export function tracekit(dir: string, args: string[]) {
  return execa('node', [CLI, ...args], {
    cwd: dir,
    reject: false,
    env: { CI: '1', FORCE_COLOR: '0', ...GO_ENV },
    timeout: 15 * 60_000,
  });
}

/** What the tests read from `tracekit init --json`. */
export interface InitJson {
  startCommands: StartCommand[];
  nextSteps: string[];
  installCommands: string[];
}

/** `tracekit init --json` plus args; throws with the CLI's output when it fails. */
export async function initGo(dir: string, args: string[]): Promise<{ json: InitJson; stderr: string }> {
  const r = await tracekit(dir, ['init', '--json', ...args]);
  if (r.exitCode !== 0) throw new Error(`tracekit init failed (${r.exitCode}):\n${r.stderr}`);
  return { json: JSON.parse(r.stdout) as InitJson, stderr: r.stderr };
}

/** Runs a Go tool in dir; throws with its output when it fails. */
export async function go(dir: string, args: string[]): Promise<string> {
  const r = await execa('go', args, { cwd: dir, reject: false, timeout: 10 * 60_000, env: GO_ENV });
  if (r.exitCode !== 0) throw new Error(`go ${args.join(' ')} failed (${r.exitCode}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Files gofmt would change (gofmt -l), one a line; empty when all are formatted. */
export async function gofmtList(dir: string, paths: string[]): Promise<string> {
  const r = await execa('gofmt', ['-l', ...paths], { cwd: dir, reject: false, timeout: 60_000 });
  if (r.exitCode !== 0) throw new Error(`gofmt -l failed (${r.exitCode}):\n${r.stderr}`);
  return r.stdout.trim();
}

/**
 * Starts the service with the start command init printed (its --json `startCommands`, run
 * verbatim: `go run .`). The environment adds only what a user's shell would: where to listen
 * (ADDR, which the fixtures read), GOFLAGS with the `tracekit` build tag (which selects the
 * fixture's user code that calls the generated helpers), and OTEL_BSP_SCHEDULE_DELAY, an OTEL_*
 * variable overriding the generated setup (short by default; `env` may lengthen it).
 */
export async function startGoService(
  dir: string,
  // What init prints for a main package at the module root; tests pass init's own output.
  start: StartCommand[] = [{ argv: ['go', 'run', '.'], cwd: '.' }],
  extraPorts: string[] = [],
  extraEnv: Record<string, string> = {},
): Promise<{ url: string; process: RunningProcess }> {
  if (start.length !== 1) throw new Error(`expected one start command from init, got ${JSON.stringify(start)}`);
  const [command, ...args] = start[0]!.argv;
  const [port, ...more] = await freePorts(1 + extraPorts.length);
  const env: Record<string, string> = {
    ...GO_ENV,
    GOFLAGS: '-buildvcs=false -tags=tracekit',
    ADDR: `127.0.0.1:${port}`,
    OTEL_BSP_SCHEDULE_DELAY: '200',
    ...extraEnv,
  };
  for (const [i, name] of extraPorts.entries()) env[name] = `127.0.0.1:${more[i]}`;
  const url = `http://127.0.0.1:${port}`;
  const proc = await startProcess({
    name: path.basename(dir),
    command: command!,
    args,
    cwd: path.join(dir, start[0]!.cwd),
    env,
    healthUrl: `${url}/healthz`,
    // `go run` compiles first (the module cache is warm after init's go mod tidy).
    timeoutMs: 240_000,
  });
  return { url, process: proc };
}

/** A fresh W3C traceparent, as an upstream caller would send it. */
export function newTraceparent(): { traceId: string; parentSpanId: string; header: string } {
  const traceId = randomBytes(16).toString('hex');
  const parentSpanId = randomBytes(8).toString('hex');
  return { traceId, parentSpanId, header: `00-${traceId}-${parentSpanId}-01` };
}

/** Sends a GET joined to a new upstream trace, with baggage, and returns the trace's spans from Jaeger. */
export async function tracedGet(url: string, jaegerQuery: string, minSpans: number) {
  const tp = newTraceparent();
  const res = await fetch(url, {
    headers: { traceparent: tp.header, baggage: 'tenant=acme' },
    signal: AbortSignal.timeout(10_000),
  });
  const body = await res.text();
  const found = await findTrace({ query: backendById('jaeger').query, url: jaegerQuery }, tp.traceId, {
    timeoutMs: 30_000,
    minSpans,
  });
  return { ...tp, status: res.status, body, spans: found.spans, lastError: found.lastError };
}

/** The one span matching pred, with a readable failure listing what Jaeger returned. */
export function theSpan(spans: FoundSpan[], what: string, pred: (s: FoundSpan) => boolean): FoundSpan {
  const hits = spans.filter(pred);
  if (hits.length !== 1) {
    throw new Error(
      `expected one ${what}, found ${hits.length} among: ${spans.map((s) => `${s.kind} "${s.name}"`).join(', ')}`,
    );
  }
  return hits[0]!;
}
