import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendById } from '../../src/backends/registry.js';
import type { WorkspaceInitResult } from '../../src/init/run-workspace.js';
import { findTrace } from '../../src/otel/find-trace.js';
import { backendCli } from '../support/backend-cli.js';
import { components, repoRoot } from '../support/components.js';
import { newTraceparent } from '../support/go-service.js';
import { freePorts } from '../support/ports.js';
import { type RunningProcess, startProcess } from '../support/processes.js';
import { tempDir } from '../support/temp-tree.js';
import { checkOf, doctor } from './doctor-run.js';

/**
 * The polyglot monorepo of issue 15: a pnpm workspace (gateway on Express, orders on Koa, a
 * library), a uv workspace member (pricing on FastAPI) and a go.work module (inventory on echo).
 * One `init --all --yes` at the root, one `backend up --jaeger --runtime process`, each service
 * started with the command init printed: a request to the gateway is one trace through all four.
 */
const CLI = path.join(repoRoot, 'bin', 'tracekit.js');
const LOCKFILES = ['pnpm-lock.yaml', 'uv.lock', 'go/inventory/go.sum'];
const SERVICES = ['gateway', 'orders', 'pricing', 'inventory'];

const dir = path.join(tempDir('tk-monorepo-'), 'shop');
const hashes = () =>
  Object.fromEntries(
    LOCKFILES.map((f) => [
      f,
      createHash('sha256')
        .update(readFileSync(path.join(dir, f)))
        .digest('hex'),
    ]),
  );
// pnpm and uv from the test cache (scripts/setup-test-env.sh), found on PATH as a user's would be.
const toolPath = () =>
  [path.dirname(components.pnpm()), path.dirname(components.uv()), process.env.PATH].join(path.delimiter);
const env = () => ({ CI: '1', FORCE_COLOR: '0', PATH: toolPath(), UV_PYTHON_DOWNLOADS: 'never' });

function init(...args: string[]) {
  return execa('node', [CLI, 'init', '--all', '--yes', '--json', ...args], {
    cwd: dir,
    env: env(),
    reject: false,
    timeout: 15 * 60_000,
  });
}

describe('a polyglot monorepo: one init at the root, one backend, one trace through four services', () => {
  let first: WorkspaceInitResult;
  let before: Record<string, string>;
  let jaegerQuery: string;
  const urls: Record<string, string> = {};
  const procs: RunningProcess[] = [];

  beforeAll(async () => {
    cpSync(path.join(repoRoot, 'test', 'fixtures', 'monorepo-polyglot'), dir, { recursive: true });
    before = hashes();
    const [grpc, http, ui, health, queryGrpc, ...app] = await freePorts(9);
    const r = await init('--endpoint', `http://localhost:${http}`);
    if (r.exitCode !== 0) throw new Error(`init --all failed (${r.exitCode}):\n${r.stderr}`);
    first = JSON.parse(r.stdout) as WorkspaceInitResult;

    const moved = { 'otlp-grpc': grpc, 'otlp-http': http, ui, health, 'query-grpc': queryGrpc };
    const portFlags = Object.entries(moved).flatMap(([n, p]) => ['--port', `${n}=${p}`]);
    const up = await backendCli(dir, ['backend', 'up', '--jaeger', '--runtime', 'process', ...portFlags, '--yes']);
    if (up.exitCode !== 0) throw new Error(`backend up failed (${up.exitCode}):\n${up.stderr}`);
    jaegerQuery = `http://127.0.0.1:${ui}`;

    // Downstream first, each as init printed it; where it listens and whom it calls come from its environment.
    const [gatewayPort, ordersPort, pricingPort, inventoryPort] = app;
    for (const [name, port] of [
      ['gateway', gatewayPort],
      ['orders', ordersPort],
      ['pricing', pricingPort],
      ['inventory', inventoryPort],
    ] as const)
      urls[name] = `http://127.0.0.1:${port}`;
    const serviceEnv: Record<string, Record<string, string>> = {
      inventory: { ADDR: `127.0.0.1:${inventoryPort}` },
      pricing: { UVICORN_PORT: String(pricingPort), INVENTORY_URL: urls.inventory! },
      orders: { PORT: String(ordersPort), PRICING_URL: urls.pricing! },
      gateway: { PORT: String(gatewayPort), ORDERS_URL: urls.orders! },
    };
    for (const name of ['inventory', 'pricing', 'orders', 'gateway']) {
      const svc = first.services.find((s) => s.name === name)!;
      const [command, ...args] = svc.startCommands[0]!.argv;
      procs.push(
        await startProcess({
          name,
          command: command!,
          args,
          cwd: path.join(dir, svc.startCommands[0]!.cwd),
          env: { ...env(), ...serviceEnv[name], OTEL_BSP_SCHEDULE_DELAY: '500' },
          healthUrl: `${urls[name]}/healthz`,
          timeoutMs: 240_000,
        }),
      );
    }
  }, 20 * 60_000);

  afterAll(async () => {
    for (const p of procs) await p.stop();
    await backendCli(dir, ['backend', 'down']);
  }, 60_000);

  it('finds the four services (not the library), each with its framework and its workspace tool', () => {
    expect(first.services.map((s) => [s.path, s.name, s.framework, s.packageManager])).toEqual([
      ['go/inventory', 'inventory', 'echo', 'go-modules'],
      ['node/gateway', 'gateway', 'express', 'pnpm'],
      ['node/orders', 'orders', 'koa', 'pnpm'],
      ['python/pricing', 'pricing', 'fastapi', 'uv'],
    ]);
    expect(first.partial).toBe(false);
    const yaml = readFileSync(path.join(dir, 'tracekit.yaml'), 'utf8');
    for (const name of SERVICES) expect(yaml).toMatch(new RegExp(`- name: ${name}\\n`));
  });

  it('installed with pnpm, uv and go as the workspaces say: their lockfiles changed, no other', () => {
    const after = hashes();
    for (const f of LOCKFILES) expect(after[f], f).not.toBe(before[f]);
    const pnpmLock = readFileSync(path.join(dir, 'pnpm-lock.yaml'), 'utf8');
    const orders = pnpmLock.slice(pnpmLock.indexOf('  node/orders:'));
    expect(orders).toMatch(/'@opentelemetry\/instrumentation-koa':\n\s+specifier: 0\.\d+\.\d+/);
    expect(readFileSync(path.join(dir, 'uv.lock'), 'utf8')).toMatch(/name = "opentelemetry-sdk"/);
    expect(readFileSync(path.join(dir, 'go/inventory/go.sum'), 'utf8')).toMatch(/^go\.opentelemetry\.io\/otel v/m);
    for (const stray of ['node/gateway/package-lock.json', 'node/orders/package-lock.json', 'python/pricing/uv.lock'])
      expect(existsSync(path.join(dir, stray)), stray).toBe(false);
  });

  it('a request to the gateway is one trace through all four services', async () => {
    const tp = newTraceparent();
    const res = await fetch(`${urls.gateway}/checkout`, { headers: { traceparent: tp.header } });
    expect(await res.text()).toBe('gateway > orders > pricing > inventory: 7 teapot');
    const found = await findTrace({ query: backendById('jaeger').query, url: jaegerQuery }, tp.traceId, {
      timeoutMs: 30_000,
      minSpans: 7,
    });
    const services = new Set(found.spans.map((s) => s.serviceName));
    expect([...services].sort()).toEqual([...SERVICES].sort());
    expect(new Set(found.spans.map((s) => s.traceId))).toEqual(new Set([tp.traceId]));
    const servers = found.spans.filter((s) => s.kind === 'server').map((s) => s.serviceName);
    expect(servers.sort()).toEqual([...SERVICES].sort());
  }, 60_000);

  it('doctor with several --app URLs reports every recorded service in the backend', async () => {
    const run = await doctor(['--app', `${urls.gateway}/checkout`, '--app', `${urls.pricing}/price`], {
      cwd: dir,
      env: { OTEL_BSP_SCHEDULE_DELAY: '500', PATH: process.env.PATH! },
    });
    expect(checkOf(run, 'app').status, run.stderr).toBe('pass');
    const services = checkOf(run, 'services');
    expect(services.status, run.stderr).toBe('pass');
    expect(services.detail).toMatch(/^4 of 4 recorded services appeared/);
  }, 90_000);

  it(
    'a second init --all changes nothing',
    async () => {
      const lockfiles = hashes();
      const r = await init();
      expect(r.exitCode, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as WorkspaceInitResult).written).toEqual([]);
      expect(r.stderr).toMatch(/Nothing to change/);
      expect(hashes()).toEqual(lockfiles);
    },
    5 * 60_000,
  );
});
