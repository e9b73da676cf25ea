import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../../../src/context.js';
import { detect } from '../../../src/init/detect.js';
import type { RecipeInput } from '../../../src/languages/language.js';
import { checkInterpreter } from '../../../src/languages/python/interpreter.js';
import { insertTracingImport } from '../../../src/languages/python/layout.js';
import { pythonRecipe } from '../../../src/languages/python/recipe.js';
import { probe } from '../../../src/project/probe.js';
import { fakeCtx, recipeInputFor } from '../../support/fake-ctx.js';

const pythonCtx = (
  cwd: string,
  exec: (file: string, args: string[]) => ExecResult = () => ({ exitCode: 0, stdout: '3.11.7\n', stderr: '' }),
) => fakeCtx(cwd, exec).ctx;
const input = (files: Record<string, string>, config: Record<string, unknown> = {}) =>
  recipeInputFor('python', files, config, (root) => pythonCtx(root));
/** Every file the plan writes, generated files first, then the edits, as init plans them. */
const changesOf = async (i: RecipeInput) => {
  const plan = await pythonRecipe.plan(i);
  return [...plan.files, ...plan.edits];
};

/** Fails when generated Python does not parse (the machine's python3 compiles it). */
function expectPythonParses(file: string, content: string) {
  execFileSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read(), sys.argv[1])', file], {
    input: content,
  });
}

describe('Python recipe rendering', () => {
  it.each([
    [
      'FastAPI',
      { 'requirements.txt': 'fastapi\nuvicorn\nhttpx\n', 'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' },
      ['tracing.py', 'tracing_helpers.py', 'requirements.txt', 'main.py'],
    ],
    [
      'Flask on gunicorn',
      { 'requirements.txt': 'flask\ngunicorn\nrequests\n', 'app.py': 'from flask import Flask\n' },
      ['tracing.py', 'tracing_helpers.py', 'gunicorn.conf.py', 'requirements.txt', 'app.py'],
    ],
    [
      'a package entry point',
      {
        'pyproject.toml': '[project]\nname = "api"\ndependencies = ["fastapi"]\n',
        'app/__init__.py': '',
        'app/main.py': 'import fastapi\n',
      },
      ['app/tracing.py', 'app/tracing_helpers.py', 'pyproject.toml', 'app/main.py'],
    ],
  ] as const)('%s: files in the right place, all valid Python', async (_t, files, expected) => {
    const changes = await changesOf(await input(files));
    expect(changes.map((c) => c.path)).toEqual(expected);
    for (const c of changes.filter((x) => x.path.endsWith('.py'))) expectPythonParses(c.path, c.content);
  });

  it('instruments what was detected, and Django through its settings module and sqlite3', async () => {
    const changes = await changesOf(
      await input({
        'requirements.txt': 'django\npsycopg[binary]\nredis\n',
        'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n',
        'shop/wsgi.py': '"""wsgi"""\nimport os\n',
      }),
    );
    const tracing = changes.find((c) => c.path === 'tracing.py')!.content;
    expect(tracing).toContain('os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")');
    for (const cls of ['DjangoInstrumentor', 'SQLite3Instrumentor', 'PsycopgInstrumentor', 'RedisInstrumentor'])
      expect(tracing).toContain(`        (${cls}(), {}),`);
    // No ASGI instrumentation: nothing reads TRACEKIT_LAYER_SPANS.
    expect(tracing).not.toContain('TRACEKIT_LAYER_SPANS');
    expect(changes.map((c) => c.path)).toEqual([
      'tracing.py',
      'tracing_helpers.py',
      'requirements.txt',
      'manage.py',
      'shop/wsgi.py',
    ]);
  });

  it('writes the sampler, the gRPC exporter and b3 from tracekit.yaml', async () => {
    const changes = await changesOf(
      await input(
        { 'requirements.txt': 'flask\n', 'app.py': '' },
        {
          exporter: { protocol: 'grpc', endpoint: 'http://collector:4317' },
          sampler: { type: 'parentbased_traceidratio', ratio: 0.25 },
          propagators: ['tracecontext', 'baggage', 'b3'],
        },
      ),
    );
    const tracing = changes.find((c) => c.path === 'tracing.py')!.content;
    expect(tracing).toContain(
      'SAMPLER = "parentbased_traceidratio"\nSAMPLER_RATIO = 0.25\nPROPAGATORS = ["tracecontext", "baggage", "b3"]',
    );
    expect(tracing).toContain('from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter');
    expect(changes.find((c) => c.path === 'requirements.txt')!.content).toMatch(
      /opentelemetry-exporter-otlp-proto-grpc==1\.45\.1\nopentelemetry-propagator-b3==1\.45\.1\n/,
    );
    expectPythonParses('tracing.py', tracing);
  });
});

describe('detection of the sample services', () => {
  const fixture = (name: string) => path.resolve(import.meta.dirname, '..', '..', 'fixtures', name);
  it.each([
    ['python-fastapi', 'fastapi', ['httpx', 'sqlalchemy', 'uvicorn'], 'main.py'],
    ['python-flask', 'flask', ['requests', 'sqlalchemy', 'gunicorn'], 'app.py'],
    ['python-django', 'django', ['requests'], 'manage.py'],
  ])('%s', async (name, framework, libraries, entryPoint) => {
    const d = (await detect(await probe(fixture(name)))).languages[0]!;
    expect({
      lang: d.lang,
      framework: d.framework,
      libraries: d.libraries,
      entryPoint: d.entryPoint,
      pm: d.packageManager,
    }).toEqual({ lang: 'python', framework, libraries, entryPoint, pm: 'pip' });
  });
});

describe('insertTracingImport', () => {
  const line = 'import tracing  # noqa: E402,F401  tracekit: sets up tracing; keep it the first import';
  it.each([
    ['at the top of a bare module', 'import os\n', `${line}\nimport os\n`],
    [
      'after shebang, comments and a one-line docstring',
      '#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n"""Doc."""\nimport os\n',
      `#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n"""Doc."""\n${line}\nimport os\n`,
    ],
    [
      'after a multi-line docstring and __future__ imports',
      '"""Doc\n\nmore.\n"""\n\nfrom __future__ import annotations\n\nimport os\n',
      `"""Doc\n\nmore.\n"""\n\nfrom __future__ import annotations\n\n${line}\nimport os\n`,
    ],
    ['not twice', `${line}\nimport os\n`, `${line}\nimport os\n`],
  ])('%s', (_t, before, after) => {
    expect(insertTracingImport(before, 'import tracing')).toBe(after);
  });
});

describe('interpreter preflight', () => {
  it('refuses Python 3.9 with a hint, and a missing interpreter', async () => {
    await expect(
      checkInterpreter(
        pythonCtx('/x', () => ({ exitCode: 0, stdout: '3.9.18\n', stderr: '' })),
        'python3',
        '/x',
      ),
    ).rejects.toThrow(
      /Python 3\.9\.18 \(python3\) is older than OpenTelemetry's Python SDK supports \(3\.10 or newer\)/,
    );
    const missing = pythonCtx('/x');
    missing.exec = async () => {
      throw new Error('python3: command not found');
    };
    await expect(checkInterpreter(missing, 'python3', '/x')).rejects.toThrow(
      /Cannot run the Python interpreter python3/,
    );
    await expect(checkInterpreter(pythonCtx('/x'), 'python3', '/x')).resolves.toBe('3.11.7');
  });
});

describe('Python manifests that cannot take the packages', () => {
  it('a lock file of Poetry or uv without pyproject.toml is a clear usage error', async () => {
    for (const lock of ['poetry.lock', 'uv.lock']) {
      const i = await input({ 'requirements.txt': 'flask\n', [lock]: '', 'app.py': '' });
      await expect(pythonRecipe.plan(i)).rejects.toThrow(
        /pyproject\.toml is missing, and this project's package manager keeps its dependencies there/,
      );
    }
  });

  it('a uv project whose pyproject.toml has no [project] table is a clear usage error', async () => {
    const i = await input({ 'pyproject.toml': '[tool.uv]\ndev-dependencies = []\n', 'uv.lock': '', 'main.py': '' });
    await expect(pythonRecipe.plan(i)).rejects.toThrow(/has no \[project\] table/);
  });
});

describe('Python start command (next steps and init --json startCommands)', () => {
  it.each([
    [
      'FastAPI with a .venv: the server beside its interpreter, not a bare uvicorn',
      {
        'requirements.txt': 'fastapi\nuvicorn\n',
        'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
        '.venv/bin/python': '',
      },
      ['.venv/bin/uvicorn', 'main:app', '--workers', '4'],
    ],
    [
      'Flask with Poetry: poetry run',
      {
        'pyproject.toml': '[tool.poetry]\nname = "api"\n[tool.poetry.dependencies]\nflask = "*"\n',
        'poetry.lock': '',
        'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
      },
      ['poetry', 'run', 'flask', '--app', 'app', 'run'],
    ],
    [
      'Django with a venv/: its python runs manage.py',
      {
        'requirements.txt': 'django\n',
        'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n',
        'venv/bin/python': '',
      },
      ['venv/bin/python', 'manage.py', 'runserver'],
    ],
  ] as const)('%s', async (_t, files, argv) => {
    const plan = await pythonRecipe.plan(await input(files));
    expect(plan.start).toEqual([{ argv, cwd: '.' }]);
    expect(plan.nextSteps.find((s) => s.startsWith('Start it: '))).toContain(`Start it: ${argv.join(' ')}   (`);
  });
});
