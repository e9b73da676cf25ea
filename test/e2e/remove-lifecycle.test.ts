import { randomBytes } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendById } from '../../src/backends/registry.js';
import type { StartCommand } from '../../src/languages/language.js';
import { findTrace } from '../../src/otel/find-trace.js';
import { type RunningBackend, startJaeger } from '../support/backends.js';
import { repoRoot } from '../support/components.js';
import { freePort } from '../support/ports.js';
import { startProcess } from '../support/processes.js';
import { tempDir } from '../support/temp-tree.js';

/**
 * The whole life of tracekit in a service, per language, with real installs and a real Jaeger:
 * a fixture committed to a fresh git repository (the service as its owner has it, nothing about
 * tracing in it) → `tracekit init --yes` → the service, started with init's command, delivers a
 * span → `tracekit remove --yes` → every tracked file is byte for byte the commit (lockfiles
 * included) and git sees nothing new → the service starts and answers with its own command, and
 * sends nothing → `tracekit init --yes` again → it delivers spans again.
 */
const CLI = path.join(repoRoot, 'bin', 'tracekit.js');

interface Lifecycle {
  fixture: string;
  /** Makes the service runnable before init (its own dependencies); returns the env to run it in. */
  prepare(dir: string): Promise<Record<string, string>>;
  /** The service's own start command, before init and after remove. */
  ownStart: (env: Record<string, string>) => StartCommand;
  /** Where the service listens, in the environment its start command reads. */
  listen(port: number): Record<string, string>;
  /** A request the service answers with 200. */
  route: string;
  /** The user's files init changed, which remove gives back their bytes (lockfiles included). */
  restored: string[];
}

/** Node: a plain node:http service with no dependencies; its lockfile is npm's own. */
const NODE: Lifecycle = {
  fixture: 'remove-node',
  prepare: async () => ({}),
  ownStart: () => ({ argv: ['npm', 'start'], cwd: '.' }),
  listen: (port) => ({ PORT: String(port) }),
  route: '/hello',
  restored: ['package-lock.json', 'package.json'],
};

/** Python: Flask under gunicorn, its requirements installed into a virtualenv outside the repository. */
const PYTHON: Lifecycle = {
  fixture: 'remove-python',
  async prepare(dir) {
    const venv = path.join(path.dirname(dir), 'venv');
    await execa('python3', ['-m', 'venv', venv], { timeout: 120_000 });
    await execa(path.join(venv, 'bin', 'python'), ['-m', 'pip', 'install', '-q', '-r', 'requirements.txt'], {
      cwd: dir,
      timeout: 600_000,
    });
    return { VIRTUAL_ENV: venv, PATH: `${path.join(venv, 'bin')}${path.delimiter}${process.env.PATH}` };
  },
  ownStart: (env) => ({ argv: [path.join(env.VIRTUAL_ENV!, 'bin', 'gunicorn'), 'app:app'], cwd: '.' }),
  listen: (port) => ({ GUNICORN_CMD_ARGS: `--bind 127.0.0.1:${port}` }),
  route: '/hello',
  restored: ['app.py', 'requirements.txt'],
};

/** Go: net/http and database/sql (go-http; its `tracekit`-tagged file is left out of every build here). */
const GO: Lifecycle = {
  fixture: 'go-http',
  prepare: async () => ({ GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false' }),
  ownStart: () => ({ argv: ['go', 'run', '.'], cwd: '.' }),
  listen: (port) => ({ ADDR: `127.0.0.1:${port}` }),
  route: '/orders/tea',
  restored: ['go.mod', 'go.sum', 'main.go'],
};

let jaeger: RunningBackend;
beforeAll(async () => {
  jaeger = await startJaeger();
}, 120_000);
afterAll(async () => {
  await jaeger?.stop();
});

const git = (dir: string, args: string[]) =>
  execa('git', ['-c', 'user.name=tk', '-c', 'user.email=tk@example.com', ...args], { cwd: dir }).then((r) => r.stdout);

const tracekit = (dir: string, env: Record<string, string>, args: string[]) =>
  execa('node', [CLI, ...args], {
    cwd: dir,
    reject: false,
    timeout: 15 * 60_000,
    env: { ...env, CI: '1', FORCE_COLOR: '0' },
  });

/** The fixture in a fresh git repository, committed, with its build output ignored. */
async function committedFixture(fixture: string): Promise<string> {
  const dir = path.join(tempDir('tk-remove-'), fixture);
  cpSync(path.join(repoRoot, 'test', 'fixtures', fixture), dir, { recursive: true });
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n__pycache__/\n*.db\n');
  await git(dir, ['init', '-q']);
  await git(dir, ['add', '.']);
  await git(dir, ['commit', '-q', '-m', 'the service before tracekit']);
  return dir;
}

/**
 * Starts the service, sends one request with our traceparent, stops it (a traced service flushes
 * on SIGTERM), and returns the spans of that trace Jaeger has: `expected` waits for them, otherwise
 * a few seconds prove that none came.
 */
async function traceOneRequest(
  dir: string,
  start: StartCommand,
  env: Record<string, string>,
  l: Lifecycle,
  expected: boolean,
) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const [command, ...args] = start.argv;
  const server = await startProcess({
    name: `${l.fixture}-service`,
    command: command!,
    args,
    cwd: path.join(dir, start.cwd),
    env: { ...env, ...l.listen(port), OTEL_BSP_SCHEDULE_DELAY: '200' },
    healthUrl: `${base}/healthz`,
    timeoutMs: 180_000,
  });
  const traceId = randomBytes(16).toString('hex');
  try {
    const headers = { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` };
    const res = await fetch(`${base}${l.route}`, { headers, signal: AbortSignal.timeout(10_000) });
    expect(res.status, await res.text()).toBe(200);
  } finally {
    await server.stop();
  }
  const found = await findTrace({ query: backendById('jaeger').query, url: jaeger.queryUrl! }, traceId, {
    timeoutMs: expected ? 30_000 : 5_000,
  });
  return found.spans;
}

/** Every tracked file on disk, byte for byte against the commit; and git sees nothing else. */
async function expectTreeAsCommitted(dir: string): Promise<void> {
  expect(await git(dir, ['status', '--porcelain', '--untracked-files=all'])).toBe('');
  for (const file of (await git(dir, ['ls-files'])).split('\n')) {
    const committed = await execa('git', ['show', `HEAD:${file}`], {
      cwd: dir,
      encoding: 'buffer',
      stripFinalNewline: false,
    });
    expect(Buffer.compare(readFileSync(path.join(dir, file)), Buffer.from(committed.stdout)), file).toBe(0);
  }
}

async function initAndTrace(dir: string, env: Record<string, string>, l: Lifecycle): Promise<void> {
  const init = await tracekit(dir, env, ['init', '--yes', '--json', '--endpoint', jaeger.otlpHttp!]);
  expect(init.exitCode, init.stderr).toBe(0);
  const { startCommands, installed } = JSON.parse(init.stdout) as { startCommands: StartCommand[]; installed: boolean };
  expect(installed).toBe(true);
  expect(startCommands).toHaveLength(1);
  const spans = await traceOneRequest(dir, startCommands[0]!, env, l, true);
  expect(spans.filter((s) => s.kind === 'server').length, `a server span of GET ${l.route} in Jaeger`).toBeGreaterThan(
    0,
  );
}

describe.each([
  ['Node.js (npm)', NODE],
  ['Python (Flask, gunicorn, pip)', PYTHON],
  ['Go (net/http, go modules)', GO],
])('%s: init → traced → remove → as before → init again → traced', (_title, l) => {
  it(
    'leaves the tree as committed, the service running as before, and init works again',
    async () => {
      const dir = await committedFixture(l.fixture);
      const env = await l.prepare(dir);
      expect(await traceOneRequest(dir, l.ownStart(env), env, l, false), 'nothing sent before init').toEqual([]);

      await initAndTrace(dir, env, l);
      expect(await git(dir, ['status', '--porcelain'])).toContain('?? .tracekit/');

      const remove = await tracekit(dir, env, ['remove', '--yes', '--json']);
      expect(remove.exitCode, remove.stderr).toBe(0);
      const result = JSON.parse(remove.stdout) as { deleted: string[]; restored: string[]; left: unknown[] };
      expect(result.left).toEqual([]);
      expect(result.deleted).toContain('tracekit.yaml');
      expect(result.restored.sort()).toEqual(l.restored);
      await expectTreeAsCommitted(dir);

      expect(await traceOneRequest(dir, l.ownStart(env), env, l, false), 'nothing sent after remove').toEqual([]);
      const again = await tracekit(dir, env, ['remove', '--yes']);
      expect(again.exitCode, again.stderr).toBe(0);
      expect(again.stderr).toContain('Nothing to remove');

      await initAndTrace(dir, env, l);
    },
    30 * 60_000,
  );
});
