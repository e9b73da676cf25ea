import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { components } from '../support/components.js';
import { tempDir } from '../support/temp-tree.js';
import { type PythonService, preparePythonService, tracekit } from './python-service.js';

/**
 * The pytest file `tracekit init` writes into a Python service (issue 16), on the FastAPI,
 * Flask, Django and aiohttp fixtures with real PyPI installs: the command init prints passes on the
 * freshly instrumented service, and fails, saying why, once the entry file no longer imports
 * tracing; `--no-tests` writes no test. A uv project runs the two commands init prints:
 * `uv add --dev pytest`, then the test under `uv run`.
 */
interface Case {
  fixture: string;
  /** The file the test loads as the service starts, whose tracing import is removed. */
  entry: string;
}

const CASES: Case[] = [
  { fixture: 'python-fastapi', entry: 'main.py' },
  { fixture: 'python-flask', entry: 'app.py' },
  // What runserver and gunicorn serve (WSGI_APPLICATION), so that is what the test loads.
  { fixture: 'python-django', entry: 'shop/wsgi.py' },
  // No requests or httpx: the test calls the app with urllib inside a client span of its own.
  { fixture: 'python-aiohttp', entry: 'app.py' },
];

interface Initialised {
  svc: PythonService;
  nextSteps: string[];
  written: string[];
}

/** The command of an init step that starts with `label`, as printed (a shell line). */
function printed(nextSteps: string[], label: string): string {
  const step = nextSteps.find((s) => s.startsWith(label));
  expect(step, nextSteps.join('\n')).toBeDefined();
  return step!.slice(label.length).split('   (')[0]!;
}

const testCommand = (nextSteps: string[]) => printed(nextSteps, 'Test the tracing: ');

/** Runs a printed command line with sh in the service folder, as a user pastes it. */
const runPrinted = (svc: Pick<PythonService, 'dir' | 'env'>, line: string) =>
  execa('sh', ['-c', line], { cwd: svc.dir, env: svc.env, reject: false, all: true, timeout: 180_000 });

describe('init with tests on the fixtures', () => {
  const services = new Map<string, Initialised>();

  beforeAll(async () => {
    // One venv and one real install per fixture, side by side (pip's cache is shared).
    await Promise.all(
      CASES.map(async ({ fixture }) => {
        const svc = await preparePythonService(fixture);
        const r = await tracekit(svc, 'init', '--yes', '--json');
        expect(r.exitCode, r.stderr).toBe(0);
        const out = JSON.parse(r.stdout) as { nextSteps: string[]; written: string[]; installed: boolean };
        expect(out.installed, r.stderr).toBe(true);
        services.set(fixture, { svc, nextSteps: out.nextSteps, written: out.written });
      }),
    );
  }, 900_000);

  afterAll(() => {
    for (const { svc } of services.values()) rmSync(path.dirname(svc.venv), { recursive: true, force: true });
  });

  describe.each(CASES)('the generated pytest file on $fixture', ({ fixture, entry }) => {
    it('is written to tests/test_tracing.py as tracekit’s own stamped file, with pytest installed', () => {
      const { svc, written, nextSteps } = services.get(fixture)!;
      expect(written).toContain('tests/test_tracing.py');
      const text = readFileSync(path.join(svc.dir, 'tests', 'test_tracing.py'), 'utf8');
      expect(text).toMatch(/^# tracekit:generated sha256=/);
      expect(nextSteps.join('\n')).toContain('pytest 9.2.0 is installed for the test');
      expect(testCommand(nextSteps)).toBe(`${path.join(svc.venv, 'bin', 'python')} -m pytest tests/test_tracing.py`);
    });

    it('passes as printed on the instrumented service', async () => {
      const { svc, nextSteps } = services.get(fixture)!;
      const r = await runPrinted(svc, testCommand(nextSteps));
      expect(r.exitCode, r.all).toBe(0);
      expect(r.all).toMatch(/\b2 passed\b/);
    }, 180_000);

    it(`fails, saying why, once ${entry} no longer imports tracing`, async () => {
      const { svc, nextSteps } = services.get(fixture)!;
      const file = path.join(svc.dir, entry);
      const original = readFileSync(file, 'utf8');
      const without = original.replace(/^import tracing {2}# noqa.*\n/m, '');
      expect(without).not.toBe(original);
      writeFileSync(file, without);
      try {
        const r = await runPrinted(svc, testCommand(nextSteps));
        expect(r.exitCode, r.all).toBe(1);
        expect(r.all).toContain(`The tracing setup was not loaded: ${entry} must import it first (import tracing)`);
        expect(r.all).not.toMatch(/\bpassed\b/);
      } finally {
        writeFileSync(file, original);
      }
    }, 180_000);
  });
});

describe('tracekit init --no-tests', () => {
  it('writes no test, installs no pytest and prints no test step', async () => {
    const svc = await preparePythonService('python-flask');
    try {
      const r = await tracekit(svc, 'init', '--yes', '--json', '--no-tests', '--no-install');
      expect(r.exitCode, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { nextSteps: string[]; written: string[] };
      expect(out.written).toContain('tracing.py');
      expect(out.written.filter((f) => f.includes('test'))).toEqual([]);
      expect(existsSync(path.join(svc.dir, 'tests'))).toBe(false);
      expect(`${r.stderr}\n${out.nextSteps.join('\n')}`).not.toMatch(/pytest/);
    } finally {
      rmSync(path.dirname(svc.venv), { recursive: true, force: true });
    }
  }, 120_000);
});

describe('a uv project', () => {
  it('runs as printed: uv add --dev pytest, then the test under uv run', async () => {
    // The FastAPI fixture declared in pyproject.toml for uv instead of requirements.txt.
    const dir = path.join(tempDir('tk-gen-uv-'), 'orders');
    cpSync(path.join(import.meta.dirname, '..', 'fixtures', 'python-fastapi'), dir, { recursive: true });
    rmSync(path.join(dir, 'requirements.txt'));
    const deps = ['fastapi==0.165.0', 'uvicorn==0.54.0', 'httpx==0.28.1', 'SQLAlchemy==2.0.58'];
    writeFileSync(
      path.join(dir, 'pyproject.toml'),
      '[project]\nname = "orders"\nversion = "1.0.0"\nrequires-python = ">=3.11"\n' +
        `dependencies = [${deps.map((d) => JSON.stringify(d)).join(', ')}]\n\n[tool.uv]\npackage = false\n`,
    );
    // uv from the test cache, found on PATH as a user's would be; no VIRTUAL_ENV: uv uses .venv.
    const env = {
      PATH: `${path.dirname(components.uv())}${path.delimiter}${process.env.PATH}`,
      UV_PYTHON_DOWNLOADS: 'never',
      VIRTUAL_ENV: '',
    };
    const r = await tracekit({ dir, env, venv: path.join(dir, '.venv') }, 'init', '--yes', '--json');
    expect(r.exitCode, r.stderr).toBe(0);
    const { nextSteps } = JSON.parse(r.stdout) as { nextSteps: string[] };
    const add = printed(nextSteps, 'Add pytest to the dev dependencies: ');
    expect(add).toBe('uv add --dev pytest==9.2.0');
    const added = await runPrinted({ dir, env }, add);
    expect(added.exitCode, added.all).toBe(0);
    expect(readFileSync(path.join(dir, 'pyproject.toml'), 'utf8')).toMatch(
      /\[dependency-groups\]\ndev = \[\n\s+"pytest==9\.2\.0",/,
    );
    const run = testCommand(nextSteps);
    expect(run).toBe('uv run python -m pytest tests/test_tracing.py');
    const tested = await runPrinted({ dir, env }, run);
    expect(tested.exitCode, tested.all).toBe(0);
    expect(tested.all).toMatch(/\b2 passed\b/);
  }, 300_000);
});
