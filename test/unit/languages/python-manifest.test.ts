import { describe, expect, it } from 'vitest';
import { installCommandsFor } from '../../../src/languages/python/interpreter.js';
import { editManifest, editRequirements, manifestTarget } from '../../../src/languages/python/manifest-edit.js';
import type { PythonManifests } from '../../../src/languages/python/manifests.js';

const pkgs = [
  { name: 'opentelemetry-sdk', version: '1.45.1' },
  { name: 'opentelemetry-instrumentation-flask', version: '0.66b1' },
];

describe('requirements.txt edits', () => {
  it('appends the pins under one comment and keeps every user line', () => {
    const before = '# web\nflask==3.1.3  # pinned for prod\n\n-r base.txt\n';
    expect(editRequirements(before, pkgs)).toBe(
      '# web\nflask==3.1.3  # pinned for prod\n\n-r base.txt\n\n' +
        '# OpenTelemetry tracing (added by tracekit; versions tested together)\nopentelemetry-sdk==1.45.1\n' +
        'opentelemetry-instrumentation-flask==0.66b1\n',
    );
  });

  it('replaces an existing requirement in place, keeping its comment; a second edit is a no-op', () => {
    const before = 'OpenTelemetry_SDK>=1.20  # tracing\nflask\n';
    const once = editRequirements(before, pkgs);
    expect(once).toMatch(/^opentelemetry-sdk==1\.45\.1 {2}# tracing\nflask\n/);
    expect(editRequirements(once, pkgs)).toBe(once);
  });
});

describe('pyproject.toml edits (PEP 621)', () => {
  const target = { kind: 'pep621' as const, path: 'pyproject.toml' };

  it('adds to a multi-line array after the last item, keeping comments and indentation', () => {
    const before =
      '[project]\nname = "api"  # the service\ndependencies = [\n  # web\n  "fastapi>=0.110",\n' +
      '  "uvicorn"  # server\n]\n\n[tool.ruff]\nline-length = 100\n';
    expect(editManifest(target, before, pkgs)).toBe(
      '[project]\nname = "api"  # the service\ndependencies = [\n  # web\n  "fastapi>=0.110",\n' +
        '  "uvicorn",  # server\n  "opentelemetry-sdk==1.45.1",\n  "opentelemetry-instrumentation-flask==0.66b1",\n' +
        ']\n\n[tool.ruff]\nline-length = 100\n',
    );
  });

  it('turns a one-line array into one item a line, user items first', () => {
    const before = '[project]\nname = "api"\ndependencies = ["flask[async]>=3", \'requests\']\n';
    expect(editManifest(target, before, pkgs)).toBe(
      '[project]\nname = "api"\ndependencies = [\n    "flask[async]>=3",\n    \'requests\',\n' +
        '    "opentelemetry-sdk==1.45.1",\n    "opentelemetry-instrumentation-flask==0.66b1",\n]\n',
    );
  });

  it('adds the key to [project] when missing, before the next table', () => {
    const before = '[project]\nname = "api"\n\n[build-system]\nrequires = ["hatchling"]\n';
    expect(editManifest(target, before, pkgs)).toBe(
      '[project]\nname = "api"\ndependencies = [\n    "opentelemetry-sdk==1.45.1",\n' +
        '    "opentelemetry-instrumentation-flask==0.66b1",\n]\n\n[build-system]\nrequires = ["hatchling"]\n',
    );
  });

  it('replaces an existing pin in place and is idempotent', () => {
    const before =
      '[project]\nname = "api"\ndependencies = [\n    "opentelemetry-sdk>=1.0",  # tracing\n    "flask",\n]\n';
    const once = editManifest(target, before, pkgs);
    expect(once).toBe(
      '[project]\nname = "api"\ndependencies = [\n    "opentelemetry-sdk==1.45.1",  # tracing\n    "flask",\n' +
        '    "opentelemetry-instrumentation-flask==0.66b1",\n]\n',
    );
    expect(editManifest(target, once, pkgs)).toBe(once);
  });
});

describe('Poetry and Pipfile edits', () => {
  it('adds keys after the last dependency of [tool.poetry.dependencies], comments kept', () => {
    const before =
      '[tool.poetry]\nname = "api"\n\n[tool.poetry.dependencies]\npython = "^3.11"\nfastapi = "^0.110"  # web\n\n' +
      '[build-system]\nrequires = ["poetry-core"]\n';
    const after = editManifest({ kind: 'poetry', path: 'pyproject.toml' }, before, pkgs);
    expect(after).toBe(
      '[tool.poetry]\nname = "api"\n\n[tool.poetry.dependencies]\npython = "^3.11"\nfastapi = "^0.110"  # web\n' +
        'opentelemetry-sdk = "1.45.1"\nopentelemetry-instrumentation-flask = "0.66b1"\n\n[build-system]\n' +
        'requires = ["poetry-core"]\n',
    );
    expect(editManifest({ kind: 'poetry', path: 'pyproject.toml' }, after, pkgs)).toBe(after);
  });

  it('sets ==versions in the Pipfile [packages] table, replacing an old pin', () => {
    const before =
      '[[source]]\nurl = "https://pypi.org/simple"\n\n[packages]\nflask = "*"\n' +
      'opentelemetry-sdk = "==1.20.0"  # old\n\n[requires]\npython_version = "3.11"\n';
    expect(editManifest({ kind: 'pipfile', path: 'Pipfile' }, before, pkgs)).toBe(
      '[[source]]\nurl = "https://pypi.org/simple"\n\n[packages]\nflask = "*"\n' +
        'opentelemetry-sdk = "==1.45.1"  # old\nopentelemetry-instrumentation-flask = "==0.66b1"\n\n[requires]\n' +
        'python_version = "3.11"\n',
    );
  });
});

describe('choosing the manifest and the install command', () => {
  const manifests = (m: Partial<PythonManifests>): PythonManifests => ({ requirementsFiles: [], deps: [], ...m });

  it.each([
    [
      'pip with requirements files',
      manifests({ requirementsFiles: ['requirements-dev.txt', 'requirements.txt'] }),
      'pip',
      { kind: 'requirements', path: 'requirements.txt' },
    ],
    [
      'pip with a PEP 621 pyproject',
      manifests({ pyproject: { project: { name: 'a' } } }),
      'pip',
      { kind: 'pep621', path: 'pyproject.toml' },
    ],
    [
      'poetry',
      manifests({ pyproject: { tool: { poetry: { dependencies: {} } } } }),
      'poetry',
      { kind: 'poetry', path: 'pyproject.toml' },
    ],
    [
      'poetry 2 with [project]',
      manifests({ pyproject: { project: { name: 'a' }, tool: { poetry: {} } } }),
      'poetry',
      { kind: 'pep621', path: 'pyproject.toml' },
    ],
    ['uv', manifests({ pyproject: { project: { name: 'a' } } }), 'uv', { kind: 'pep621', path: 'pyproject.toml' }],
    ['pipenv', manifests({ pipfile: {} }), 'pipenv', { kind: 'pipfile', path: 'Pipfile' }],
    ['setup.py alone', manifests({}), 'pip', { kind: 'new-requirements', path: 'requirements-tracing.txt' }],
  ] as const)('%s', (_name, p, pm, expected) => {
    expect(manifestTarget(p, pm)).toEqual(expected);
  });

  it('runs each tool the project uses; pip through the chosen interpreter', () => {
    const req = { kind: 'requirements' as const, path: 'requirements.txt' };
    expect(installCommandsFor('pip', '/v/bin/python', req, pkgs)).toEqual([
      { file: '/v/bin/python', args: ['-m', 'pip', 'install', '-r', 'requirements.txt'] },
    ]);
    expect(installCommandsFor('pip', 'python3', { kind: 'pep621', path: 'pyproject.toml' }, pkgs)[0]!.args).toEqual([
      '-m',
      'pip',
      'install',
      'opentelemetry-sdk==1.45.1',
      'opentelemetry-instrumentation-flask==0.66b1',
    ]);
    expect(installCommandsFor('poetry', 'python3', req, pkgs).map((c) => `${c.file} ${c.args.join(' ')}`)).toEqual([
      'poetry lock',
      'poetry install --no-root',
    ]);
    expect(installCommandsFor('uv', 'python3', req, pkgs)).toEqual([{ file: 'uv', args: ['sync'] }]);
    expect(installCommandsFor('pipenv', 'python3', req, pkgs)).toEqual([{ file: 'pipenv', args: ['install'] }]);
  });
});
