import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { stamp } from '../../../src/fs/stamp.js';
import type { RecipeInput, RecipePlan } from '../../../src/languages/language.js';
import { pythonRecipe } from '../../../src/languages/python/recipe.js';
import { PYTEST_VERSION } from '../../../src/languages/python/test-deps.js';
import { iniTestpaths } from '../../../src/languages/python/test-placement.js';
import { fakeCtx, recipeInputFor } from '../../support/fake-ctx.js';

/** The recipe's plan with the test asked for, as init asks (writeTests unless --no-tests). */
async function planWithTests(
  files: Record<string, string>,
  config: Record<string, unknown> = {},
  writeTests = true,
): Promise<RecipePlan> {
  const exec = () => ({ exitCode: 0, stdout: '3.11.7\n', stderr: '' });
  const input: RecipeInput = await recipeInputFor('python', files, config, (root) => fakeCtx(root, exec).ctx);
  return pythonRecipe.plan({ ...input, writeTests });
}

const testFileOf = (plan: RecipePlan) => plan.files.find((f) => /(^|\/)test_[a-z_]*\.py$/.test(f.path));

/** Fails when the rendered test does not parse (the machine's python3 compiles it). */
const expectParses = (content: string) =>
  execFileSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: content });

const FASTAPI = { 'requirements.txt': 'fastapi\nuvicorn\nhttpx\n', 'main.py': 'from fastapi import FastAPI\n' };
const FLASK = { 'requirements.txt': 'flask\nrequests\n', 'app.py': 'from flask import Flask\n' };
const DJANGO = {
  'requirements.txt': 'django\n',
  'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n',
  'shop/wsgi.py': 'import os\n',
};

describe('the generated pytest file', () => {
  it('FastAPI: tracekit’s own file in tests/, loading main.py, served by uvicorn, called with httpx', async () => {
    const plan = await planWithTests(FASTAPI);
    const test = testFileOf(plan)!;
    expect(test).toMatchObject({ path: 'tests/test_tracing.py', kind: 'generated', comment: '#' });
    expect(test.content).toContain(
      'ROOT = Path(__file__).resolve().parents[1]\nENTRY_MODULE = "main"\nENTRY_FILE = "main.py"\n' +
        'IMPORT_STATEMENT = "import tracing"\nAPP = "app"\n',
    );
    expect(test.content).toContain('server = uvicorn.Server(');
    expect(test.content).toContain('return httpx.get(url, timeout=10).status_code');
    expect(test.content).toContain('from opentelemetry.sdk.trace.export.in_memory_span_exporter import');
    expect(test.content).toContain('def test_baggage_reaches_the_service(service):');
    expectParses(test.content);
    expect(plan.install.at(-1)).toEqual({
      file: 'python3',
      args: ['-m', 'pip', 'install', `pytest==${PYTEST_VERSION}`],
    });
    expect(plan.nextSteps).toContain(
      'Test the tracing: python3 -m pytest tests/test_tracing.py   ' +
        '(it fails, saying why, when main.py stops importing tracing first)',
    );
    expect(plan.notes).toEqual([]);
  });

  it('Django: loads the settings package’s wsgi.py and serves its application over WSGI, with requests', async () => {
    const test = testFileOf(await planWithTests({ ...DJANGO, 'requirements.txt': 'django\nrequests\n' }))!;
    expect(test.content).toContain('ENTRY_MODULE = "shop.wsgi"\nENTRY_FILE = "shop/wsgi.py"\n');
    expect(test.content).toContain('APP = "application"');
    expect(test.content).toContain('from django.urls import URLResolver, get_resolver');
    expect(test.content).toContain('make_server("127.0.0.1", 0, app');
    expect(test.content).toContain('return requests.get(url, timeout=10).status_code');
    expectParses(test.content);
  });

  it('Flask without requests or httpx: urllib in a client span of the test’s own', async () => {
    const test = testFileOf(await planWithTests({ ...FLASK, 'requirements.txt': 'flask\n' }))!;
    expect(test.content).toContain('for rule in app.url_map.iter_rules():');
    expect(test.content).toContain('start_as_current_span("GET", kind=SpanKind.CLIENT)');
    expect(test.content).toContain('propagate.inject(headers)');
    expectParses(test.content);
  });

  it('aiohttp: the app’s router, served by an AppRunner on its own loop in a thread', async () => {
    const test = testFileOf(await planWithTests({ 'requirements.txt': 'aiohttp\n', 'app.py': '' }))!;
    expect(test.content).toContain('for route in app.router.routes():');
    expect(test.content).toContain('runner = web.AppRunner(app)');
    expectParses(test.content);
  });

  it('leaves the baggage test out, and says so, when tracekit.yaml does not propagate baggage', async () => {
    const plan = await planWithTests(FLASK, { propagators: ['tracecontext'] });
    const test = testFileOf(plan)!;
    expect(test.content).not.toMatch(/baggage/i);
    expectParses(test.content);
    expect(plan.notes).toEqual(['The tracing test leaves baggage out: tracekit.yaml does not propagate it.']);
  });

  it('a package entry point: imported as app.main from the project root', async () => {
    const test = testFileOf(
      await planWithTests({
        'requirements.txt': 'fastapi\nuvicorn\n',
        'app/__init__.py': '',
        'app/main.py': 'from fastapi import FastAPI\n',
      }),
    )!;
    expect(test.content).toContain('ENTRY_MODULE = "app.main"\nENTRY_FILE = "app/main.py"\n');
    expect(test.content).toContain('IMPORT_STATEMENT = "from app import tracing"');
  });

  it('is not written without writeTests (init --no-tests): no file, no pytest, no step', async () => {
    const plan = await planWithTests(FASTAPI, {}, false);
    expect(testFileOf(plan)).toBeUndefined();
    expect(JSON.stringify([plan.install, plan.nextSteps])).not.toContain('pytest');
  });

  it.each([
    ['no entry point', { 'requirements.txt': 'flask\n', 'web/serve.py': '' }, /no entry point that imports/],
    [
      'a script',
      { 'requirements.txt': 'requests\n', 'worker.py': '' },
      /no web framework the test can serve \(django, fastapi, starlette, flask, aiohttp\)\.$/,
    ],
    ['FastAPI without uvicorn', { 'requirements.txt': 'fastapi\n', 'main.py': '' }, /with uvicorn, which no/],
    ['Django without wsgi.py', { 'requirements.txt': 'django\n', 'manage.py': DJANGO['manage.py'] }, /no wsgi\.py/],
  ])('%s: no test, and a note that says why', async (_t, files, why) => {
    const plan = await planWithTests(files);
    expect(testFileOf(plan)).toBeUndefined();
    expect(plan.notes).toHaveLength(1);
    expect(plan.notes[0]).toMatch(/^No tracing test written: /);
    expect(plan.notes[0]).toMatch(why);
    expect(JSON.stringify(plan.install)).not.toContain('pytest');
  });
});

describe('where the test goes', () => {
  const pathOf = async (files: Record<string, string>) => testFileOf(await planWithTests({ ...FLASK, ...files }))!;

  it.each([
    ['the project’s tests/ folder', { 'tests/test_app.py': '' }, 'tests/test_tracing.py'],
    ['its test/ folder', { 'test/test_app.py': '' }, 'test/test_tracing.py'],
    [
      'pyproject’s testpaths',
      { 'pyproject.toml': '[tool.pytest.ini_options]\ntestpaths = ["checks/unit", "other"]\n' },
      'checks/unit/test_tracing.py',
    ],
    ['pytest.ini’s testpaths', { 'pytest.ini': '[pytest]\ntestpaths =\n    spec\n    more\n' }, 'spec/test_tracing.py'],
    ['setup.cfg’s [tool:pytest]', { 'setup.cfg': '[metadata]\n[tool:pytest]\ntestpaths = it\n' }, 'it/test_tracing.py'],
    ['not a glob testpath', { 'pytest.ini': '[pytest]\ntestpaths = tests/*\n' }, 'tests/test_tracing.py'],
    ['not outside the project', { 'pytest.ini': '[pytest]\ntestpaths = ../t\n' }, 'tests/test_tracing.py'],
    ['beside the user’s own test_tracing.py', { 'tests/test_tracing.py': 'x' }, 'tests/test_tracekit_tracing.py'],
    ['over its own earlier file', { 'tests/test_tracing.py': stamp('old\n', '#') }, 'tests/test_tracing.py'],
  ])('%s', async (_t, files, expected) => {
    const test = await pathOf(files);
    expect(test.path).toBe(expected);
    expect(test.content).toContain(`ROOT = Path(__file__).resolve().parents[${expected.split('/').length - 1}]\n`);
  });

  it('reads testpaths only in its own section', () => {
    expect(iniTestpaths('[flake8]\ntestpaths = no\n[pytest]\naddopts = -q\n', 'pytest')).toBeUndefined();
    expect(iniTestpaths('[pytest]\ntestpaths = a b\n', 'pytest')).toBe('a');
  });
});

describe('pytest for the test', () => {
  it('declared already (a dev requirements file): nothing added or installed', async () => {
    const plan = await planWithTests({ ...FLASK, 'requirements-dev.txt': 'pytest>=8\n' });
    expect(JSON.stringify(plan.install)).not.toContain('pytest');
    expect(plan.edits.map((e) => e.path)).not.toContain('requirements-dev.txt');
    expect(plan.nextSteps.join('\n')).not.toContain('no manifest declares it');
  });

  it('a dev requirements file without it: pinned there and installed from it', async () => {
    const plan = await planWithTests({ ...FLASK, 'requirements-dev.txt': 'ruff\n' });
    const edit = plan.edits.find((e) => e.path === 'requirements-dev.txt')!;
    expect(edit.kind).toBe('edit');
    expect(edit.content).toMatch(/^ruff\n\n# .*\npytest==9\.2\.0\n$/);
    expect(plan.install.at(-1)).toEqual({
      file: 'python3',
      args: ['-m', 'pip', 'install', '-r', 'requirements-dev.txt'],
    });
  });

  it.each([
    ['uv', { 'uv.lock': '' }, 'uv add --dev pytest==9.2.0', 'uv run python -m pytest tests/test_tracing.py'],
    ['Poetry', { 'poetry.lock': '' }, 'poetry add --group dev pytest==9.2.0', 'poetry run python -m pytest'],
    ['pipenv', { Pipfile: '[packages]\nflask = "*"\n' }, 'pipenv install --dev pytest==9.2.0', 'pipenv run python'],
  ])('%s: its own add command, printed before the test command', async (_t, files, add, run) => {
    const pyproject = '[project]\nname = "inv"\ndependencies = ["flask"]\n';
    const plan = await planWithTests({ 'app.py': '', 'pyproject.toml': pyproject, ...files });
    const steps = plan.nextSteps.join('\n');
    expect(steps).toContain(`Add pytest to the dev dependencies: ${add}\nTest the tracing: ${run}`);
    expect(JSON.stringify(plan.install)).not.toContain('pytest');
  });
});
