import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendById } from '../../src/backends/registry.js';
import type { StartCommand } from '../../src/languages/language.js';
import { findTrace } from '../../src/otel/find-trace.js';
import type { UpgradeResult } from '../../src/upgrade/run-upgrade.js';
import { type RunningBackend, startJaeger } from '../support/backends.js';
import { components } from '../support/components.js';
import { freePort } from '../support/ports.js';
import { startProcess } from '../support/processes.js';

/**
 * `tracekit upgrade` on services an older tracekit set up (test/fixtures/upgrade-*-old, made
 * with tracekit 0ec90d3; each README says how): Node on OpenTelemetry JS 2.x with sdk-node,
 * since moved to Node 22; Python pinned to SDK 1.42.1 / 0.63b1; Go on the go 1.22 set, since
 * moved to go 1.24. Per language: --dry-run writes nothing and shows the version table; --yes
 * regenerates tracekit's files and installs the pinned versions from the real registries; the
 * service started with the printed command delivers its span to a real Jaeger, found by trace
 * id; a second upgrade is a no-op; an owned file the user edited is a conflict, left untouched.
 */
const REPO = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(REPO, 'bin', 'tracekit.js');

interface Case {
  fixture: string;
  service: string;
  /** A manifest line the upgrade must leave, and one it must write. */
  manifest: { file: string; before: string; after: string };
  line: RegExp;
  /** An owned file, and what the upgrade does to it (the older Python templates equal today's). */
  owned: string;
  ownedAction: 'update' | 'unchanged';
  /** The environment of the CLI and the service (PATH with Node 22, a virtualenv, Go's toolchain). */
  env: (base: string) => Promise<Record<string, string>>;
  /** Where the service listens, from a port. */
  listen: (port: number) => Record<string, string>;
  /** Installs the older set before the upgrade, and reads the SDK version installed (pip's view). */
  installed?: { before: (dir: string, env: Record<string, string>) => Promise<void>; sdk: SdkVersion };
}

type SdkVersion = (env: Record<string, string>) => Promise<string>;

const pythonSdk: SdkVersion = async (env) =>
  (
    await execa('python', ['-c', 'import importlib.metadata as m; print(m.version("opentelemetry-sdk"))'], { env })
  ).stdout.trim();

const CASES: Case[] = [
  {
    fixture: 'upgrade-node-old',
    service: 'greeter-old',
    manifest: {
      file: 'package.json',
      before: '"@opentelemetry/sdk-node": "0.223.0"',
      after: '"@opentelemetry/sdk-trace": "3.1.0"',
    },
    line: /Line: OpenTelemetry JS 2\.x → OpenTelemetry JS 3\.x, as Node 22 from \.nvmrc allows/,
    owned: 'tracing.js',
    ownedAction: 'update',
    env: async () => ({ PATH: `${path.dirname(components.node22())}${path.delimiter}${process.env.PATH}` }),
    listen: (port) => ({ PORT: String(port) }),
  },
  {
    fixture: 'upgrade-python-old',
    service: 'upgrade-python-old',
    manifest: { file: 'requirements.txt', before: 'opentelemetry-sdk==1.42.1', after: 'opentelemetry-sdk==1.45.1' },
    line: /Line: OpenTelemetry Python SDK 1\.42\.1 \/ instrumentations 0\.63b1 → OpenTelemetry Python SDK 1\.45\.1/,
    owned: 'tracing_helpers.py',
    ownedAction: 'unchanged',
    env: async (base) => {
      const venv = path.join(base, 'venv');
      await execa('python3', ['-m', 'venv', venv], { timeout: 120_000 });
      return { VIRTUAL_ENV: venv, PATH: `${path.join(venv, 'bin')}${path.delimiter}${process.env.PATH}` };
    },
    listen: (port) => ({ FLASK_RUN_PORT: String(port) }),
    installed: {
      before: async (dir, env) => {
        await execa('python', ['-m', 'pip', 'install', '-q', '-r', 'requirements.txt'], {
          cwd: dir,
          env,
          timeout: 600_000,
        });
      },
      sdk: pythonSdk,
    },
  },
  {
    fixture: 'upgrade-go-old',
    service: 'hello',
    manifest: { file: 'go.mod', before: 'go.opentelemetry.io/otel v1.35.0', after: 'go.opentelemetry.io/otel v1.41.0' },
    line: /Line: OpenTelemetry Go v1\.35\.0 \(the go 1\.22 set\) → OpenTelemetry Go v1\.41\.0 \(the go 1\.24 set\)/,
    owned: 'internal/tracing/http.go',
    ownedAction: 'update',
    env: async () => ({ GOTOOLCHAIN: 'local' }),
    listen: (port) => ({ ADDR: `127.0.0.1:${port}` }),
  },
];

/** Every file of the folder (but installed dependencies) with a hash of its content. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'venv') continue;
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

let jaeger: RunningBackend;
beforeAll(async () => {
  jaeger = await startJaeger();
}, 120_000);
afterAll(async () => {
  await jaeger?.stop();
});

for (const c of CASES) {
  describe(`upgrade ${c.fixture}`, () => {
    let base: string;
    let dir: string;
    let env: Record<string, string>;
    const upgrade = (...args: string[]) =>
      execa('node', [CLI, 'upgrade', '--json', ...args], {
        cwd: dir,
        reject: false,
        timeout: 15 * 60_000,
        env: { ...env, CI: '1', FORCE_COLOR: '0' },
      });
    const manifest = () => readFileSync(path.join(dir, c.manifest.file), 'utf8');

    beforeAll(async () => {
      base = mkdtempSync(path.join(os.tmpdir(), `tk-${c.fixture}-`));
      dir = path.join(base, c.fixture);
      cpSync(path.join(REPO, 'test', 'fixtures', c.fixture), dir, { recursive: true });
      env = await c.env(base);
      await c.installed?.before(dir, env);
    }, 900_000);
    afterAll(() => {
      if (base) rmSync(base, { recursive: true, force: true });
    });

    it('--dry-run shows the line and the version table, and writes nothing', async () => {
      const before = snapshot(dir);
      if (c.installed) expect(await c.installed.sdk(env)).toBe(c.manifest.before.split('==')[1]);
      const r = await upgrade('--dry-run');
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stderr).toMatch(c.line);
      expect(r.stderr).toMatch(/^Versions:$/m);
      const service = (JSON.parse(r.stdout) as UpgradeResult).services[0]!;
      expect(service.versions.length).toBeGreaterThan(0);
      expect(service.plan.find((p) => p.path === c.owned)?.action).toBe(c.ownedAction);
      expect(snapshot(dir)).toEqual(before);
    }, 300_000);

    it('--yes moves the files and the manifest to the pinned set; the span reaches Jaeger', async () => {
      const r = await upgrade('--yes');
      expect(r.exitCode, r.stderr).toBe(0);
      const service = (JSON.parse(r.stdout) as UpgradeResult).services[0]!;
      expect(service.installed).toBe(true);
      expect(manifest()).toContain(c.manifest.after);
      expect(manifest()).not.toContain(c.manifest.before);
      if (c.installed) expect(await c.installed.sdk(env)).toBe(c.manifest.after.split('==')[1]);
      expect(r.stderr).toMatch(/^Start it with tracing: /m);
      await expectSpanInJaeger(dir, service.startCommands, { ...env, ...c.listen(await freePort()) }, c.service);
    }, 900_000);

    it('a second upgrade is a no-op', async () => {
      const before = snapshot(dir);
      const r = await upgrade('--yes');
      expect(r.exitCode, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as UpgradeResult).services[0]).toMatchObject({ upToDate: true, written: [] });
      expect(r.stderr).toContain('Nothing to upgrade');
      expect(snapshot(dir)).toEqual(before);
    }, 300_000);

    it('an owned file the user edited is a conflict (exit code 1, as init) and stays as it is', async () => {
      appendFileSync(path.join(dir, c.owned), c.owned.endsWith('.py') ? '# mine\n' : '// mine\n');
      const before = snapshot(dir);
      const r = await upgrade('--yes');
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain(`${c.owned} (edited since tracekit wrote it)`);
      expect(r.stderr).toContain('--force');
      expect(snapshot(dir)).toEqual(before);
    }, 300_000);
  });
}

/**
 * Starts the service with upgrade's start command (run verbatim, exporting to the test's Jaeger
 * through OTEL_EXPORTER_OTLP_ENDPOINT), sends a request with our own traceparent, and finds the
 * service's server span in Jaeger by that trace id.
 */
async function expectSpanInJaeger(
  dir: string,
  start: StartCommand[],
  env: Record<string, string>,
  serviceName: string,
): Promise<void> {
  expect(start).toHaveLength(1);
  const [command, ...args] = start[0]!.argv;
  const url = `http://127.0.0.1:${env.PORT ?? env.FLASK_RUN_PORT ?? env.ADDR!.split(':')[1]}`;
  const proc = await startProcess({
    name: serviceName,
    command: command!,
    args,
    cwd: path.join(dir, start[0]!.cwd),
    env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpHttp!, OTEL_BSP_SCHEDULE_DELAY: '200' },
    healthUrl: `${url}/healthz`,
    timeoutMs: 240_000,
  });
  try {
    const traceId = randomBytes(16).toString('hex');
    const res = await fetch(`${url}/hello${serviceName === 'hello' ? '/tea' : ''}`, {
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    });
    expect(res.status).toBe(200);
    const found = await findTrace({ query: backendById('jaeger').query, url: jaeger.queryUrl! }, traceId, {
      timeoutMs: 30_000,
      minSpans: 1,
    });
    const server = found.spans.find((s) => s.kind === 'server');
    expect(server, `a server span in ${JSON.stringify(found.spans.map((s) => s.name))}`).toBeDefined();
    expect(server!.serviceName).toBe(serviceName);
  } finally {
    await proc.stop();
  }
}
