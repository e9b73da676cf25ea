import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { components } from '../support/components.js';
import { copyGoFixture, initGo, startGoService } from '../support/go-service.js';
import { freePort } from '../support/ports.js';
import type { RunningProcess } from '../support/processes.js';
import { copyFixture, runCli, startService } from './node-service.js';
import { preparePythonService, tracekit as pythonCli, startInVenv } from './python-service.js';

/**
 * The remote sampling e2e tests' services: one small HTTP service per language
 * (test/fixtures/sampling-<lang>) with GET /healthz, GET /browse and POST /checkout, each
 * answer saying its trace id and whether the SDK's sampler kept the trace. Each is set up with
 * the built CLI's `init` (a real install) and started with the command init printed.
 */
export type Lang = 'node' | 'node22' | 'python' | 'go';
/** node22: the same Node service with an .nvmrc of 22, on the cached Node 22: the OpenTelemetry JS 3.x line. */
export const LANGS: Lang[] = ['node', 'node22', 'python', 'go'];

export interface SamplingService {
  lang: Lang;
  name: string;
  dir: string;
  /** The built CLI in the service folder (a Python service's venv on PATH). */
  cli(args: string[]): ReturnType<typeof runCli>;
  /** Starts the service (init's start command) with extra environment; stopped by stop(). */
  start(env?: Record<string, string>): Promise<string>;
  stop(): Promise<void>;
  cleanup(): void;
}

/** Copies the fixture (and a venv for Python); nothing installed yet. */
export async function samplingService(lang: Lang): Promise<SamplingService> {
  const name = `catalog-${lang}`;
  let proc: RunningProcess | undefined;
  const stop = async () => {
    await proc?.stop();
    proc = undefined;
  };
  if (lang === 'python') {
    const svc = await preparePythonService('sampling-python');
    return {
      lang,
      name,
      dir: svc.dir,
      cli: (args) => pythonCli(svc, ...args),
      async start(env = {}) {
        const port = await freePort();
        proc = await startInVenv(svc, {
          name,
          command: 'flask',
          args: ['--app', 'app', 'run'],
          env: { FLASK_RUN_PORT: String(port), OTEL_BSP_SCHEDULE_DELAY: '200', ...env },
          healthUrl: `http://127.0.0.1:${port}/healthz`,
          timeoutMs: 60_000,
        });
        return `http://127.0.0.1:${port}`;
      },
      stop,
      cleanup: () => rmSync(path.dirname(svc.dir), { recursive: true, force: true }),
    };
  }
  if (lang === 'go') {
    const dir = copyGoFixture('sampling-go');
    return {
      lang,
      name,
      dir,
      cli: (args) => runCli(args, dir, { GOTOOLCHAIN: 'local' }),
      async start(env = {}) {
        const started = await startGoService(dir, undefined, [], env);
        proc = started.process;
        return started.url;
      },
      stop,
      cleanup: () => rmSync(path.dirname(dir), { recursive: true, force: true }),
    };
  }
  const { dir, cleanup } = copyFixture('sampling-node');
  // init, its npm install and the service run on Node 22, as the user's shell would.
  const nodeBinDir = lang === 'node22' ? path.dirname(components.node22()) : undefined;
  if (nodeBinDir) writeFileSync(path.join(dir, '.nvmrc'), '22\n');
  const PATH = nodeBinDir ? `${nodeBinDir}${path.delimiter}${process.env.PATH}` : process.env.PATH!;
  return {
    lang,
    name,
    dir,
    cli: (args) => runCli(args, dir, { PATH }),
    async start(env = {}) {
      const started = await startService(dir, { env, ...(nodeBinDir ? { nodeBinDir } : {}) });
      proc = started.process;
      return started.base;
    },
    stop,
    cleanup,
  };
}

/** `tracekit init --yes --json` with the given flags; fails the test with the CLI's output. */
export async function initSampling(s: SamplingService, args: string[]): Promise<void> {
  const r = s.lang === 'go' ? undefined : await s.cli(['init', '--yes', '--json', ...args]);
  if (s.lang === 'go') await initGo(s.dir, ['--yes', ...args]);
  else expect(r!.exitCode, `${r!.stderr}\n${r!.stdout}`).toBe(0);
}

export interface Answer {
  route: string;
  traceId: string;
  sampled: boolean;
}

/** One request; the service's answer says its trace id and the sampler's decision. */
export async function hit(base: string, route: string): Promise<Answer> {
  const [method, pathname] = route.split(' ') as [string, string];
  const res = await fetch(`${base}${pathname}`, { method, signal: AbortSignal.timeout(10_000) });
  expect(res.status, `${route} answered`).toBe(200);
  await res.text();
  return { route, traceId: res.headers.get('x-trace-id') ?? '', sampled: res.headers.get('x-sampled') === '1' };
}

/** Polls until `route` is answered with the given decision (the strategy fetched), or fails. */
export async function untilDecision(base: string, route: string, sampled: boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await hit(base, route)).sampled === sampled) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${route} was never ${sampled ? 'sampled' : 'dropped'} within ${timeoutMs} ms`);
}

/** Whether Jaeger holds the trace now (GET /api/v3/traces/{id}: 200, or 404 when absent). */
export async function inJaeger(queryUrl: string, traceId: string): Promise<boolean> {
  const res = await fetch(`${queryUrl}/api/v3/traces/${traceId}`, { signal: AbortSignal.timeout(10_000) });
  await res.text();
  if (res.status !== 200 && res.status !== 404) throw new Error(`Jaeger answered ${res.status} for ${traceId}`);
  return res.status === 200;
}

/** Waits until every one of the traces is in Jaeger, or fails naming the missing ones. */
export async function allInJaeger(queryUrl: string, ids: string[], timeoutMs = 30_000): Promise<void> {
  let missing = ids;
  const deadline = Date.now() + timeoutMs;
  while (missing.length && Date.now() < deadline) {
    const found = await Promise.all(missing.map((id) => inJaeger(queryUrl, id)));
    missing = missing.filter((_, i) => !found[i]);
    if (missing.length) await new Promise((r) => setTimeout(r, 500));
  }
  expect(missing, 'traces not in Jaeger').toEqual([]);
}
